"""`{% fragment name key... %}...{% endfragment %}`: see common/fragments.py."""

import hashlib

from django import template

from common.authz import roles_of
from common.fragments import cached_block, cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, keys):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        keys = tuple(str(key.resolve(context)) for key in self.keys)
        return cached_fragment(self.name, keys, lambda: self.nodelist.render(context))


def _parse(parser, token, node_class):
    """`{% <tag> name key... %}...{% end<tag> %}` as a `node_class` node."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{{% {bits[0]} %}} needs a name")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    keys = [parser.compile_filter(bit) for bit in bits[2:]]
    return node_class(nodelist, bits[1].strip("\"'"), keys)


@register.tag("fragment")
def do_fragment(parser, token):
    return _parse(parser, token, FragmentNode)


class CachedBlockNode(FragmentNode):
    def render(self, context):
        keys = tuple(str(key.resolve(context)) for key in self.keys)
        return cached_block(
            self.name, keys, lambda: self.nodelist.render(context), context.get("request")
        )


@register.tag("cachedblock")
def do_cachedblock(parser, token):
    """`{% cachedblock name key... %}...{% endcachedblock %}`: see common/fragments.py."""
    return _parse(parser, token, CachedBlockNode)


@register.simple_tag(takes_context=True)
def reader_scope(context) -> str:
    """Who a block made of content is for: "-" for every visitor, otherwise
    the signed-in reader alone, as they are now: their active roles (what they
    may see and do changes with them; a role ending is not a content change)
    and their CSRF secret (a form in the block must carry a token that their
    cookie still accepts, also after signing in again)."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return "-"
    request = context.get("request")
    parts = [str(user.pk), request.META.get("CSRF_COOKIE", "") if request is not None else ""]
    parts += [
        f"{a.pk}.{a.role}.{a.country_id}.{a.stakeholder_type_id}.{a.ends_on}"
        for a in roles_of(user).assignments
    ]
    return "u" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
