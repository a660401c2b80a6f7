"""Template helpers used by the base layout."""

import functools
import html
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.urls import translate_url
from django.utils import translation
from django.utils.html import strip_tags

from common.translations import OG_LOCALES

register = template.Library()

# Query parameters that choose what a public page shows and so stay in its
# canonical address: the page of a list, the content language. Anything else
# either narrows a list (a filtered list's canonical address is the list
# itself) or tracks a visit (utm_*, fbclid...), which never makes a new page.
CANONICAL_PARAMETERS = ("page", "lang")
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "ref"})


def _is_tracking(name: str) -> bool:
    return name.startswith("utm_") or name in TRACKING_PARAMETERS


@register.simple_tag(takes_context=True)
def canonical_address(context, keep=""):
    """The page's absolute canonical address: the view's `canonical_url` when
    it names one, otherwise this address without tracking parameters; a list
    narrowed by filters (parameters other than `page`, `lang` and those named
    in `keep` or the context's `canonical_keep`, comma-separated: a news
    topic is a page of its own) canonicalises to its unfiltered first page."""
    if context.get("canonical_url"):
        return context["canonical_url"]
    request = context["request"]
    keep = keep or context.get("canonical_keep", "")
    kept_names = (*CANONICAL_PARAMETERS, *(name for name in keep.split(",") if name))
    filtered = any(
        value and name not in kept_names and not _is_tracking(name)
        for name, value in request.GET.items()
    )
    kept = []
    for name in kept_names:
        value = request.GET.get(name, "")
        if not value or (name == "page" and (filtered or value == "1")):
            continue
        kept.append((name, value))
    query = f"?{urlencode(kept)}" if kept else ""
    return request.build_absolute_uri(f"{request.path}{query}")


@register.simple_tag(takes_context=True)
def block_text(context, name):
    """The text of the template block `name` as the page renders it (its tags
    stripped), for repeating a page's title or description in its social
    cards without every template saying it twice."""
    block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = block_context.get_block(name) if block_context is not None else None
    if block is None:
        return ""
    # Back to plain text (the tag's output is escaped again where it is used).
    return " ".join(html.unescape(strip_tags(block.render(context))).split())


@register.simple_tag
def og_locales():
    """(the page's OpenGraph locale, the other interface languages' locales)."""
    current = translation.get_language()
    others = [OG_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != current]
    return OG_LOCALES.get(current, current), others


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in every interface language: (code, name, url, current)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE") or translation.get_language()
    return _language_links(request.build_absolute_uri("/"), request.get_full_path(), current)


@functools.lru_cache(maxsize=2048)
def _language_links(root: str, path: str, current: str) -> tuple:
    # Resolving the address six times costs more than the rest of the header:
    # an address's links are worked out once per process.
    return tuple(
        {
            "code": code,
            "name": name,
            "url": (url := translate_url(path, code)),
            "absolute_url": root.rstrip("/") + url,
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def site_root(context) -> str:
    """This site's address ("https://host/"), part of the key of fragments
    that carry absolute addresses."""
    return context["request"].build_absolute_uri("/")


# The permissions that change the main navigation (templates/base.html).
NAVIGATION_PERMISSIONS = (
    "stakeholders.review_applications",
    "committee.review",
    "stakeholders.view_person",
    "partnership.access_admin",
)


@register.simple_tag(takes_context=True)
def reader_key(context) -> str:
    """What the main navigation depends on about its reader, as a fragment
    key: "-" for a visitor, otherwise one digit per navigation permission.
    Asked on every request, so a role that ends changes the menu at once."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return "-"
    return "".join("1" if user.has_perm(perm) else "0" for perm in NAVIGATION_PERMISSIONS)


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}`: a dictionary lookup with a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


def _forget_language_links(**kwargs) -> None:
    _language_links.cache_clear()


setting_changed.connect(_forget_language_links)
