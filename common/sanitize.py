"""The portal's HTML policies: a few structural tags and links, nothing that
runs (scripts, event handlers, styles, javascript: links are removed).

Minutes use the base policy; articles and about pages add the section
headings a longer text needs. Rich text is sanitised when it is saved and
again when it is shown, so a row written some other way (a shell, an import)
still cannot carry a script to a reader."""

import nh3
from django.utils.safestring import SafeString, mark_safe

MINUTES_TAGS = frozenset(
    {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "br", "blockquote"}
)
RICH_TEXT_TAGS = MINUTES_TAGS | {"h2"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _clean(html: str, tags) -> str:
    return nh3.clean(
        html or "",
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()


def clean_minutes(html: str) -> str:
    """Sanitised minutes: disallowed tags are stripped (their text kept),
    scripts and styles dropped with their content."""
    return _clean(html, MINUTES_TAGS)


def clean_rich_text(html: str) -> str:
    """Sanitised rich text: disallowed tags are stripped (their text kept),
    scripts and styles dropped with their content, links keep only http(s)
    and mailto addresses and get rel="noopener noreferrer nofollow"."""
    return _clean(html, RICH_TEXT_TAGS)


def rich_text(html: str) -> SafeString:
    """Sanitised rich text, marked safe for a template."""
    return mark_safe(clean_rich_text(html))  # noqa: S308  (sanitised just above)
