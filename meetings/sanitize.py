"""The one HTML policy for minutes: a few structural tags and links, nothing
that runs (scripts, event handlers, styles, javascript: links are removed)."""

import nh3

ALLOWED_TAGS = frozenset(
    {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "br", "blockquote"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_minutes(html: str) -> str:
    """Sanitised minutes: disallowed tags are stripped (their text kept),
    scripts and styles dropped with their content."""
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()
