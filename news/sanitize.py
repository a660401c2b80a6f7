"""The one HTML policy for articles and about pages: the minutes' policy
(`meetings.sanitize`: structural tags and links, nothing that runs) plus the
section headings a longer text needs. Applied when the text is saved and again
when it is shown, so a row written some other way (a shell, an import) still
cannot carry a script to a reader."""

import nh3
from django.utils.safestring import SafeString, mark_safe

from meetings.sanitize import ALLOWED_ATTRIBUTES, URL_SCHEMES
from meetings.sanitize import ALLOWED_TAGS as MINUTES_TAGS

ALLOWED_TAGS = MINUTES_TAGS | {"h2"}


def clean_rich_text(html: str) -> str:
    """Sanitised rich text: disallowed tags are stripped (their text kept),
    scripts and styles dropped with their content, links keep only http(s)
    and mailto addresses and get rel="noopener noreferrer nofollow"."""
    return nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()


def rich_text(html: str) -> SafeString:
    """Sanitised rich text, marked safe for a template."""
    return mark_safe(clean_rich_text(html))  # noqa: S308  (sanitised just above)
