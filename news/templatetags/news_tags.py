"""Template helpers for editorial pages."""

from django import template

from common.sanitize import rich_text as _rich_text

register = template.Library()


@register.filter
def rich_text(html):
    """`{{ shown.body|rich_text }}`: sanitised again as it is shown, then safe."""
    return _rich_text(html)
