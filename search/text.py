"""The query as typed, cleaned into search terms; highlighted titles and
snippets built so that nothing from the content can become HTML.

Every snippet is escaped in full and only then gets its `<mark>` tags, which
come from here, never from the content or the database.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200  # characters of the query kept; more is cut with a message
MAX_TERMS = 10  # words searched for (all must match)
SNIPPET_CHARS = 220

# PostgreSQL's ts_headline is told to wrap matches in these two characters (from
# Unicode's private-use area); they are turned into <mark> after escaping.
START_SEL = "\ue000"
STOP_SEL = "\ue001"

# Letters and digits (any script); punctuation, symbols, emoji and "_" separate.
_TERM = re.compile(r"[^\W_]+")
# Scripts written without spaces between words (or with particles attached):
# PostgreSQL's "simple" parser cannot split them, so they are also matched as
# substrings (Han, kana, Hangul).
_CJK = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)
# Control characters (PostgreSQL refuses NUL outright), lone surrogates and
# private-use characters (our highlight markers) never reach a query.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cs", "Co"})


@dataclass(frozen=True)
class SearchTerms:
    text: str  # the query as shown back: whitespace collapsed, at most MAX_QUERY_LENGTH
    terms: tuple[str, ...]  # lower-cased words, each must match
    truncated: bool = False  # the query was longer than MAX_QUERY_LENGTH

    @property
    def searchable(self) -> bool:
        return bool(self.terms)

    @property
    def has_cjk(self) -> bool:
        return any(is_cjk(term) for term in self.terms)


def is_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def parse(raw: str | None) -> SearchTerms:
    """The search terms of a query string, whatever it holds."""
    cleaned = "".join(
        " " if unicodedata.category(char) in _DROPPED_CATEGORIES else char for char in raw or ""
    )
    text = " ".join(cleaned.split())
    truncated = len(text) > MAX_QUERY_LENGTH
    if truncated:
        cut = text[:MAX_QUERY_LENGTH]
        if text[MAX_QUERY_LENGTH] != " " and " " in cut:
            cut = cut.rsplit(" ", 1)[0]  # no half word at the end
        text = cut.rstrip()
    terms: list[str] = []
    for word in _TERM.findall(text):
        term = word.lower()
        if term not in terms:
            terms.append(term)
    return SearchTerms(text=text, terms=tuple(terms[:MAX_TERMS]), truncated=truncated)


def tsquery(terms: SearchTerms) -> str:
    """A `to_tsquery` expression: every term, as a prefix ("leop" finds
    "leopard"). Each term is quoted, and holds only letters and digits, so no
    input can be a syntax error."""
    return " & ".join(f"'{term}':*" for term in terms.terms)


# --- Highlighting ---------------------------------------------------------------


def _pattern(terms: SearchTerms, *, whole_words: bool) -> re.Pattern | None:
    """Matches the terms in text. With `whole_words` (full-text search) a term
    marks the words it begins, as PostgreSQL matched them; otherwise (and for
    CJK terms) it marks the substring, as a substring search matched it."""
    if not terms.terms:
        return None
    alternatives = []
    for term in sorted(terms.terms, key=len, reverse=True):
        if whole_words and not is_cjk(term):
            alternatives.append(rf"(?<![^\W_]){re.escape(term)}[^\W_]*")
        else:
            alternatives.append(re.escape(term))
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: SearchTerms, *, whole_words: bool = False) -> SafeString:
    """`text`, escaped, with the matches of `terms` in <mark>."""
    pattern = _pattern(terms, whole_words=whole_words)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308  every piece above is escaped


def snippet(
    text: str, terms: SearchTerms, *, whole_words: bool = False, length: int = SNIPPET_CHARS
) -> SafeString:
    """About `length` characters of `text` around its first match (its
    beginning when nothing in it matches), escaped, the matches in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    pattern = _pattern(terms, whole_words=whole_words)
    match = pattern.search(text) if pattern else None
    start = 0
    if match is not None and match.start() > length // 3:
        start = match.start() - length // 3
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start + length // 2, end)
        end = space if space != -1 else end
    fragment = highlight(text[start:end].strip(), terms, whole_words=whole_words)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{fragment}{suffix}")  # noqa: S308  fragment is escaped


def marked_headline(headline: str | None) -> SafeString:
    """A `ts_headline` made with START_SEL/STOP_SEL, as safe HTML: everything
    escaped, then each properly paired marker turned into <mark>; any other
    marker (one that was in the content itself) dropped."""
    escaped = escape(" ".join((headline or "").split()))
    marked = re.sub(
        f"{START_SEL}([^{START_SEL}{STOP_SEL}]*){STOP_SEL}", r"<mark>\1</mark>", escaped
    )
    cleaned = marked.replace(START_SEL, "").replace(STOP_SEL, "")
    return mark_safe(cleaned)  # noqa: S308  escaped above; only our <mark> tags added


def has_mark(html: str) -> bool:
    return "<mark>" in html


# --- Languages of the translation index ------------------------------------------

# PostgreSQL text-search configurations with stemming; any other language is
# indexed word by word ("simple"): Korean and Mongolian.
TS_CONFIGS = {"en": "english", "ru": "russian"}
# Written without spaces between words: indexed and searched as overlapping
# character pairs ("哈尔滨" -> "哈尔 尔滨"), matched as a phrase.
BIGRAM_LANGUAGES = frozenset({"zh-hans", "ja"})
_CJK_RUN = re.compile(f"({_CJK.pattern}+)")


def ts_config(language: str) -> str:
    return TS_CONFIGS.get(language, "simple")


def bigrams(run: str) -> list[str]:
    """Overlapping character pairs of a run of CJK characters (a single
    character stays itself)."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def bigram_text(text: str) -> str:
    """`text` as the words the bigram index holds: every run of CJK
    characters as its character pairs, every other word lower-cased, in
    order (so that a phrase query finds adjacent pairs)."""
    words = []
    for piece in _CJK_RUN.split(text or ""):
        if not piece:
            continue
        if is_cjk(piece[0]):
            words.extend(bigrams(piece))
        else:
            words.extend(word.lower() for word in _TERM.findall(piece))
    return " ".join(words)


def index_text(text: str, language: str) -> str:
    """What the vector of a translation in `language` is built from."""
    return bigram_text(text) if language in BIGRAM_LANGUAGES else text or ""


def language_tsquery(terms: SearchTerms, language: str) -> str:
    """The `to_tsquery` expression finding `terms` in text of `language`
    (see `tsquery`): for the bigram languages each CJK term is the phrase of
    its character pairs ("'哈尔' <-> '尔滨'")."""
    if language not in BIGRAM_LANGUAGES:
        return tsquery(terms)
    parts = []
    for term in terms.terms:
        pairs = bigrams(term) if is_cjk(term) and len(term) > 1 and _only_cjk(term) else []
        if len(pairs) > 1:
            parts.append("(" + " <-> ".join(f"'{pair}'" for pair in pairs) + ")")
        elif pairs:
            parts.append(f"'{pairs[0]}':*")
        else:
            parts.append(_mixed(term) if is_cjk(term) else f"'{term}':*")
    return " & ".join(parts)


def _only_cjk(term: str) -> bool:
    return all(is_cjk(char) for char in term)


def _mixed(term: str) -> str:
    """A term mixing CJK and other letters ("sos救援"): each of its words."""
    words = bigram_text(term).split()
    return "(" + " <-> ".join(f"'{word}'" for word in words) + ")"
