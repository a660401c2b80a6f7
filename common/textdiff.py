"""What changed between two versions of a text, word by word, as safe HTML:
removed words in <del>, added ones in <ins>, everything escaped."""

from __future__ import annotations

import difflib
import html

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe


def plain_text(value: str) -> str:
    """Rich text as the words a reader sees (tags removed, entities decoded)."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def word_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """(`old` with its removed words marked, `new` with its added words marked)."""
    old_words, new_words = old.split(), new.split()
    before, after = [], []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape(" ".join(old_words[i1:i2]))
        added = escape(" ".join(new_words[j1:j2]))
        if tag == "equal":
            before.append(removed)
            after.append(added)
            continue
        if removed:
            before.append(f"<del>{removed}</del>")
        if added:
            after.append(f"<ins>{added}</ins>")
    return mark_safe(" ".join(before)), mark_safe(" ".join(after))  # noqa: S308  escaped above
