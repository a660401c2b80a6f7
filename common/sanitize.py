"""The portal's HTML policies: a few structural tags and links, nothing that
runs (scripts, event handlers, styles, javascript: links are removed).

Minutes use the base policy; articles and about pages add the section
headings a longer text needs. Rich text is sanitised when it is saved and
again when it is shown, so a row written some other way (a shell, an import)
still cannot carry a script to a reader.

Text without any tag (typed into the plain text area when scripts are off,
or pasted from a plain-text file) is plain text: blank lines separate its
paragraphs and a single line break stays a line break."""

import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe

# Simple tables: rows of header and data cells, no spans, no styles.
TABLE_TAGS = frozenset({"table", "thead", "tbody", "tr", "th", "td"})
MINUTES_TAGS = (
    frozenset({"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "br", "blockquote"})
    | TABLE_TAGS
)
RICH_TEXT_TAGS = MINUTES_TAGS | {"h2"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


# A tag or a comment: "<p>", "</em>", "<br/>", "<!--"; not "a < b".
_MARKUP = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*[\s/>]|!--)")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def plain_text_to_html(text: str) -> str:
    """Paragraphs of plain text as HTML: escaped, <p> per paragraph, <br> for
    a single line break."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line.strip()) for line in part.split("\n")) + "</p>"
        for part in paragraphs
    )


def has_markup(text: str) -> bool:
    """Does `text` hold a tag or a comment (HTML), or is it plain text?"""
    return bool(_MARKUP.search(text or ""))


def _clean(value: str, tags) -> str:
    value = value or ""
    if value.strip() and not has_markup(value):
        value = plain_text_to_html(value)
    return nh3.clean(
        value,
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
