"""The portal's HTML policies: a few structural tags and links, nothing that
runs (scripts, event handlers, styles, javascript: links are removed).

Minutes use the base policy; articles and about pages add the section
headings a longer text needs. Rich text is sanitised when it is saved and
again when it is shown, so a row written some other way (a shell, an import)
still cannot carry a script to a reader.

Text without paragraph, list or heading tags (typed into the plain text area
when scripts are off, or pasted from a plain-text file) is plain text
(`text_to_html`): blank lines separate its paragraphs, a single line break
stays a line break, and lines starting with "- " or "1." make lists."""

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


def has_markup(text: str) -> bool:
    """Does `text` hold a tag or a comment (HTML), or is it plain text?"""
    return bool(_MARKUP.search(text or ""))


def _clean(value: str, tags) -> str:
    value = text_to_html(value or "")
    return nh3.clean(
        value,
        tags=set(tags),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    ).strip()


# A structural tag: then the text is HTML and its shape is the tags'.
_BLOCK_TAG = re.compile(
    r"<(p|br|ul|ol|li|h2|h3|h4|blockquote|table|thead|tbody|tr|th|td)\b", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")


def text_to_html(text: str) -> str:
    """Plain text as minutes are typed into a text box, made HTML that keeps
    its shape: an empty line starts a paragraph, lines starting with "- ",
    "* " or "• " make a list, lines starting with "1." or "1)" a numbered
    list, other line breaks stay. Text that already holds paragraph, list
    or heading tags is HTML and is returned as it is; in other text, tags are
    removed (script and style with their content) and the rest escaped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if _BLOCK_TAG.search(text):
        return text
    # inline tags (bold, links...) in plain text: kept; the rest is escaped text
    text = nh3.clean(
        text,
        tags=set(MINUTES_TAGS),
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
    )
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        # consecutive lines of one kind: a list's items, or a paragraph's lines
        runs: list[tuple[str, list[str]]] = []
        for line in (line.strip() for line in block.split("\n")):
            if not line:
                continue
            kind, content = "p", line
            for pattern, tag in ((_BULLET, "ul"), (_NUMBER, "ol")):
                if pattern.match(line):
                    kind, content = tag, pattern.sub("", line, count=1).strip()
                    break
            if runs and runs[-1][0] == kind:
                runs[-1][1].append(content)
            else:
                runs.append((kind, [content]))
        for kind, lines in runs:
            if kind == "p":
                blocks.append("<p>" + "<br>".join(lines) + "</p>")
            else:
                items = "".join(f"<li>{line}</li>" for line in lines)
                blocks.append(f"<{kind}>{items}</{kind}>")
    return "".join(blocks)


def clean_minutes(html: str) -> str:
    """Sanitised minutes: plain text gets its paragraphs and lists,
    disallowed tags are stripped (their text kept), scripts and styles
    dropped with their content."""
    return _clean(html, MINUTES_TAGS)


def clean_rich_text(html: str) -> str:
    """Sanitised rich text: disallowed tags are stripped (their text kept),
    scripts and styles dropped with their content, links keep only http(s)
    and mailto addresses and get rel="noopener noreferrer nofollow"."""
    return _clean(html, RICH_TEXT_TAGS)


def rich_text(html: str) -> SafeString:
    """Sanitised rich text, marked safe for a template."""
    return mark_safe(clean_rich_text(html))  # noqa: S308  (sanitised just above)
