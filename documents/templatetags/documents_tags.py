"""Template helpers for pages that show documents (the library, group pages)."""

from django import template
from django.utils.translation import gettext

from documents.rules import may_add_to
from documents.validation import KIND_BY_CONTENT_TYPE

register = template.Library()


@register.simple_tag(takes_context=True)
def may_add_document(context, group=None) -> bool:
    """`{% may_add_document group as can_add %}`: may the viewer add a document
    (to `group`, or to the library when no group is given)?"""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return may_add_to(user, group)


@register.filter
def file_kind(content_type: str) -> str:
    """The kind of file, for readers: "application/pdf" → "PDF"."""
    kind = KIND_BY_CONTENT_TYPE.get(content_type)
    return str(kind.short) if kind else gettext("file")


@register.filter
def person_name(user) -> str:
    """Who uploaded something, by name only: never their email address."""
    if user is None or not getattr(user, "full_name", ""):
        return gettext("a partnership member")
    return user.full_name
