"""Text files as people save them: the encodings of the portal's CSV imports.

Partners save CSV files from Excel and from their own tools: UTF-8 (with or
without the byte-order mark Excel writes for "CSV UTF-8"), GB18030/GBK (what
Excel on Chinese Windows writes for plain "CSV") and Windows-1251 (Excel on
Russian Windows). `decode_text` turns the uploaded bytes into text, in the
encoding the uploader chose or, by default, the one it detects:

- a UTF-8 byte-order mark is taken off and settles the question;
- bytes that are valid UTF-8 are UTF-8 (legacy text almost never is);
- otherwise GB18030 and Windows-1251 are both tried, and each reading is
  scored by how much it looks like real text of its script (see `_score`).

It never guesses silently wrong in a way the uploader cannot see: the
result says which encoding was used and whether it was detected, for the
import's preview to show. A chosen encoding that cannot read the bytes is
refused with the line where it fails. The caller bounds the size of what
it reads (the upload checks come first); this module only decodes.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

AUTO = "auto"
UTF8 = "utf-8"
GB18030 = "gb18030"
CP1251 = "windows-1251"

ENCODING_CHOICES = [
    (AUTO, gettext_lazy("Detect automatically")),
    (UTF8, gettext_lazy("UTF-8 (with or without BOM)")),
    (GB18030, gettext_lazy("Chinese: GB18030 / GBK (Excel on Chinese Windows)")),
    (CP1251, gettext_lazy("Cyrillic: Windows-1251 (Excel on Russian Windows)")),
]
ENCODINGS = {value for value, _label in ENCODING_CHOICES}

# Python's codec names for ours (the values above are what forms post).
_CODECS = {UTF8: "utf-8", GB18030: "gb18030", CP1251: "cp1251"}

# Punctuation Russian text uses from the upper half of Windows-1251.
_CYRILLIC_PUNCTUATION = set("«»—–№“”„…‘’•\u00a0°")
_RUSSIAN_LETTERS = set("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя")


# The encodings' own names, as messages and the preview give them.
ENCODING_NAMES = {UTF8: "UTF-8", GB18030: "GB18030", CP1251: "Windows-1251"}


def encoding_label(encoding: str) -> str:
    return ENCODING_NAMES.get(encoding, encoding)


class UndecodableText(ValueError):
    """The bytes are not text in the asked encoding (or in any we read)."""

    def __init__(self, message: str, *, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # UTF8, GB18030 or CP1251
    detected: bool  # True when "auto" chose it
    # When a chosen legacy encoding reads the bytes but another reads them
    # far more plausibly: the encoding that would (for the preview to say).
    likely: str = ""


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode_strict(data: bytes, encoding: str) -> str:
    return data.decode(_CODECS[encoding], errors="strict")


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF


def _score_gb18030(text: str) -> float:
    """Share of the non-ASCII characters that are what Chinese text is made
    of: the 3,755 common characters of GB 2312 (level 1, lead bytes B0–D7)
    and the CJK and full-width punctuation (lead bytes A1–A3). Windows-1251
    text read as GB18030 lands mostly on rare level-2 characters (lower-case
    Cyrillic bytes are E0–FF) and in the private-use area."""
    considered = good = 0
    for char in text:
        if ord(char) < 0x80:
            continue
        considered += 1
        if not _is_cjk(char):
            continue
        try:
            lead = char.encode("gb2312")[0]
        except UnicodeEncodeError:
            continue  # outside GB 2312: rare in everyday text
        if 0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3:
            good += 1
    return good / considered if considered else 0.0


def _score_cp1251(text: str) -> float:
    """Share of the non-ASCII characters that are Cyrillic letters or the
    punctuation Russian uses, less what real text does not do: a lower-case
    letter followed by a capital, a Cyrillic letter touching a Latin one,
    the rare symbols of 80–BF. GBK text read as Windows-1251 is full of these
    (its bytes alternate between capitals, small letters and symbols)."""
    considered = good = bad = 0
    previous = ""
    for char in text:
        if ord(char) >= 0x80:
            considered += 1
            if char in _RUSSIAN_LETTERS or char in _CYRILLIC_PUNCTUATION:
                good += 1
            elif not char.isalpha():
                bad += 1  # the rare symbols of 80–BF (other Cyrillic letters: neutral)
        if previous and char.isalpha() and previous.isalpha():
            cyrillic = ("CYRILLIC" in unicodedata.name(char, "")) + (
                "CYRILLIC" in unicodedata.name(previous, "")
            )
            if cyrillic == 1:
                bad += 1  # Cyrillic next to Latin inside one word
            elif cyrillic == 2 and previous.islower() and char.isupper():
                bad += 1  # a capital inside a word
        elif (previous == "»" and char.isalnum()) or (previous.isalnum() and char == "«"):
            bad += 1  # quotes turned the wrong way round a word
        previous = char
    return (good - bad) / considered if considered else 0.0


def _scores(data: bytes) -> dict[str, tuple[float, str]]:
    """{encoding: (score, text)} for the legacy encodings that read the bytes."""
    readings = {}
    for encoding, score in ((GB18030, _score_gb18030), (CP1251, _score_cp1251)):
        try:
            text = _decode_strict(data, encoding)
        except UnicodeDecodeError:
            continue
        readings[encoding] = (score(text), text)
    return readings


def decode_text(data: bytes, encoding: str = AUTO) -> DecodedText:
    """The text of a file's bytes, in `encoding` (one of ENCODINGS). Raises
    UndecodableText with a message for the uploader (and the line, when an
    encoding fails at a place in the file)."""
    if encoding not in ENCODINGS:
        raise UndecodableText(_("Choose one of the encodings offered."))
    has_bom = data.startswith(codecs.BOM_UTF8)
    if has_bom:
        if encoding not in (AUTO, UTF8):
            raise UndecodableText(
                _(
                    "The file starts with the mark of UTF-8 text (a byte-order mark), so it "
                    "is not %(encoding)s. Choose UTF-8 or “Detect automatically”."
                )
                % {"encoding": encoding_label(encoding)},
                line=1,
            )
        data = data[len(codecs.BOM_UTF8) :]
    if encoding in (AUTO, UTF8):
        try:
            return DecodedText(_decode_strict(data, UTF8), UTF8, detected=encoding == AUTO)
        except UnicodeDecodeError as error:
            if encoding == UTF8 or has_bom:
                raise _failed(data, error, UTF8) from None
        readings = _scores(data)
        if not readings:
            raise UndecodableText(
                _(
                    "The file is not text in UTF-8, GB18030 or Windows-1251. Save it as "
                    "“CSV UTF-8” and upload it again."
                )
            )
        best = max(readings, key=lambda name: readings[name][0])
        return DecodedText(readings[best][1], best, detected=True)
    try:
        text = _decode_strict(data, encoding)
    except UnicodeDecodeError as error:
        raise _failed(data, error, encoding) from None
    # The chosen encoding reads the bytes; say so if another reads them far
    # better (the preview shows it: nothing is imported before a look).
    likely = ""
    try:
        _decode_strict(data, UTF8)
        if any(ord(char) >= 0x80 for char in text):
            likely = UTF8
    except UnicodeDecodeError:
        readings = _scores(data)
        best = max(readings, key=lambda name: readings[name][0])
        if best != encoding and readings[best][0] - readings[encoding][0] > 0.5:
            likely = best
    return DecodedText(text, encoding, detected=False, likely=likely)


def _failed(data: bytes, error: UnicodeDecodeError, encoding: str) -> UndecodableText:
    line = _line_of(data, error.start)
    return UndecodableText(
        _(
            "Line %(line)s of the file is not %(encoding)s text. Choose the encoding the "
            "file was saved in, or “Detect automatically”."
        )
        % {"line": line, "encoding": encoding_label(encoding)},
        line=line,
    )


def sniff_dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The CSV dialect of a text: commas, semicolons (Excel in locales with a
    decimal comma, such as Russian) or tabs, judged on whole lines of its
    start; commas when it cannot tell (a single column)."""
    sample = text[:8192]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel
