"""Checks for uploaded documents: size, and what the file really is.

The kind of a file is read from its content (magic bytes and structure), never
from its name alone, and the name's extension must then agree with it: a
`.pdf` that is really a PNG image, or a program renamed `.docx`, is refused.
No libmagic: each accepted kind is recognised here in a few lines.

Accepted: PDF; PNG and JPEG images; Word, Excel and PowerPoint files (the
current OOXML ones and the legacy OLE2 ones); OpenDocument text, spreadsheets
and presentations; CSV tables.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import struct
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class Kind:
    key: str
    content_type: str
    extensions: tuple[str, ...]
    label: str  # in a sentence: "the file is a PNG image"
    short: str  # in a list: "PNG"


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "pdf", "application/pdf", (".pdf",), gettext_lazy("a PDF document"), gettext_lazy("PDF")
        ),
        Kind("png", "image/png", (".png",), gettext_lazy("a PNG image"), gettext_lazy("PNG")),
        Kind(
            "jpeg",
            "image/jpeg",
            (".jpg", ".jpeg"),
            gettext_lazy("a JPEG image"),
            gettext_lazy("JPEG"),
        ),
        Kind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
            gettext_lazy("a Word document"),
            gettext_lazy("Word"),
        ),
        Kind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
            gettext_lazy("an Excel workbook"),
            gettext_lazy("Excel"),
        ),
        Kind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            (".pptx",),
            gettext_lazy("a PowerPoint presentation"),
            gettext_lazy("PowerPoint"),
        ),
        Kind(
            "doc",
            "application/msword",
            (".doc",),
            gettext_lazy("a Word 97–2003 document"),
            gettext_lazy("Word 97–2003"),
        ),
        Kind(
            "xls",
            "application/vnd.ms-excel",
            (".xls",),
            gettext_lazy("an Excel 97–2003 workbook"),
            gettext_lazy("Excel 97–2003"),
        ),
        Kind(
            "ppt",
            "application/vnd.ms-powerpoint",
            (".ppt",),
            gettext_lazy("a PowerPoint 97–2003 presentation"),
            gettext_lazy("PowerPoint 97–2003"),
        ),
        Kind(
            "odt",
            "application/vnd.oasis.opendocument.text",
            (".odt",),
            gettext_lazy("an OpenDocument text"),
            gettext_lazy("OpenDocument text"),
        ),
        Kind(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            (".ods",),
            gettext_lazy("an OpenDocument spreadsheet"),
            gettext_lazy("OpenDocument spreadsheet"),
        ),
        Kind(
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            (".odp",),
            gettext_lazy("an OpenDocument presentation"),
            gettext_lazy("OpenDocument presentation"),
        ),
        Kind("csv", "text/csv", (".csv",), gettext_lazy("a CSV table"), gettext_lazy("CSV")),
    )
}
KIND_BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS.values()}
KIND_BY_EXTENSION = {ext: kind for kind in KINDS.values() for ext in kind.extensions}
ACCEPTED_EXTENSIONS = tuple(sorted(KIND_BY_EXTENSION))
# For the file input's `accept` attribute: a hint to the browser, not a check.
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED_EXTENSIONS)

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"

# OOXML main parts, as [Content_Types].xml names them. Macro-enabled files
# (.docm, .xlsm, .pptm) have other content types and are refused.
OOXML_MAIN_PARTS = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
OPENDOCUMENT_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Streams that tell the legacy Office formats apart.
OLE2_STREAMS = {
    "WordDocument": "doc",
    "Workbook": "xls",
    "Book": "xls",
    "PowerPoint Document": "ppt",
}

CSV_SAMPLE_BYTES = 64 * 1024
ZIP_MEMBER_READ_LIMIT = 1024 * 1024
# Control characters that have no place in a text table (tab, CR and LF do).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Refused(ValidationError):
    """A file that is not accepted, with the reason in plain words."""


def accepted_kinds_text() -> str:
    return _(
        "Upload a PDF, a Word, Excel or PowerPoint file, an OpenDocument text, spreadsheet or "
        "presentation, a CSV table, or a PNG or JPEG image."
    )


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


def clean_file_name(name: str) -> str:
    """The name to keep and to offer on download: no folders, no control
    characters, at most 255 characters with the extension kept."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    if len(name) > 255:
        stem, extension = os.path.splitext(name)
        name = stem[: 255 - len(extension)] + extension
    return name or "document"


def validate_document_upload(upload, *, name: str | None = None) -> str:
    """Check an uploaded file; return its content type, or raise ValidationError
    with a message for the person uploading it."""
    name = name if name is not None else getattr(upload, "name", "")
    max_bytes = settings.DOCUMENT_MAX_BYTES
    size = upload.size
    if not size:
        raise Refused(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise Refused(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = extension_of(name)
    expected = KIND_BY_EXTENSION.get(extension)
    if expected is None:
        if extension:
            message = _("Files ending in “%(extension)s” are not accepted.") % {
                "extension": extension
            }
        else:
            message = _("The file name has no extension, so we cannot tell what it is.")
        raise Refused(f"{message} {accepted_kinds_text()}", code="extension")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        detected = detect_kind(upload, expected=expected)
    finally:
        upload.seek(position)
    if detected is None:
        raise Refused(
            _(
                "The file name ends in “%(extension)s” but the content is not %(kind)s: the file "
                "may be damaged, or be another kind of file renamed. %(accepted)s"
            )
            % {"extension": extension, "kind": expected.label, "accepted": accepted_kinds_text()},
            code="content",
        )
    if detected.key != expected.key:
        raise Refused(
            _(
                "The file name ends in “%(extension)s” but the file is %(kind)s. Give it the "
                "right extension (%(extensions)s) or upload the intended file."
            )
            % {
                "extension": extension,
                "kind": detected.label,
                "extensions": ", ".join(detected.extensions),
            },
            code="mismatch",
        )
    return detected.content_type


# --- Recognising content ------------------------------------------------------


def detect_kind(fileobj, *, expected: Kind | None = None) -> Kind | None:
    """The kind of the file's content, or None if it is none we accept.

    CSV has no signature: a file without one is read as CSV only when its
    name says it is one (`expected`)."""
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(PDF_MAGIC):
        return KINDS["pdf"] if _is_pdf(fileobj) else None
    if head.startswith(PNG_MAGIC):
        return KINDS["png"] if _is_image(fileobj, "PNG") else None
    if head.startswith(JPEG_MAGIC):
        return KINDS["jpeg"] if _is_image(fileobj, "JPEG") else None
    if head.startswith(OLE2_MAGIC):
        key = _ole2_kind(fileobj)
        return KINDS[key] if key else None
    if head.startswith(ZIP_MAGIC):
        key = _zip_kind(fileobj)
        return KINDS[key] if key else None
    if expected is not None and expected.key == "csv" and _is_csv(fileobj):
        return KINDS["csv"]
    return None


def _is_pdf(fileobj) -> bool:
    """A PDF starts with `%PDF-1.x` and ends with `%%EOF` (some writers add a
    little after it)."""
    fileobj.seek(0)
    header = fileobj.read(16)
    if not re.match(rb"%PDF-\d\.\d", header):
        return False
    fileobj.seek(0, os.SEEK_END)
    end = fileobj.tell()
    fileobj.seek(max(0, end - 2048))
    return b"%%EOF" in fileobj.read()


def _is_image(fileobj, image_format: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    fileobj.seek(0)
    try:
        with Image.open(fileobj) as image:
            found = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    return found == image_format


def _zip_kind(fileobj) -> str | None:
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if not infos:
                return None
            # OpenDocument: the first entry is `mimetype`, stored, naming the kind.
            if infos[0].filename == "mimetype":
                with archive.open(infos[0]) as member:
                    mimetype = member.read(200).decode("ascii", "replace").strip()
                return OPENDOCUMENT_MIMETYPES.get(mimetype)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                return None
            with archive.open("[Content_Types].xml") as member:
                content_types = member.read(ZIP_MEMBER_READ_LIMIT)
            for key, main_part in OOXML_MAIN_PARTS.items():
                if main_part in content_types:
                    return key
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError):
        return None
    except NotImplementedError:  # a compression method zipfile does not know
        return None


# Compound File Binary (OLE2): the container of the Office 97–2003 formats.
_FREESECT, _ENDOFCHAIN, _FATSECT, _DIFSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC
_MAX_SECTORS_READ = 4096


def _ole2_kind(fileobj) -> str | None:
    """Read the compound file's directory and tell Word, Excel and PowerPoint
    apart by their main stream; anything else (Outlook messages, installers)
    is refused."""
    try:
        for name in _ole2_stream_names(fileobj):
            if name in OLE2_STREAMS:
                return OLE2_STREAMS[name]
    except (struct.error, ValueError, OSError):
        return None
    return None


def _ole2_stream_names(fileobj):
    fileobj.seek(0)
    header = fileobj.read(512)
    if len(header) < 512 or not header.startswith(OLE2_MAGIC):
        raise ValueError("not a compound file")
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    per_sector = sector_size // 4
    fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)

    def read_sector(number):
        fileobj.seek((number + 1) * sector_size)
        data = fileobj.read(sector_size)
        if len(data) != sector_size:
            raise ValueError("truncated compound file")
        return data

    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < _DIFSECT]
    difat, seen = first_difat, 0
    while difat < _DIFSECT and seen < min(difat_count, _MAX_SECTORS_READ):
        entries = struct.unpack(f"<{per_sector}I", read_sector(difat))
        fat_sectors.extend(s for s in entries[:-1] if s < _DIFSECT)
        difat, seen = entries[-1], seen + 1
    fat_sectors = fat_sectors[:fat_count]

    def next_sector(number):
        index, offset = divmod(number, per_sector)
        if index >= len(fat_sectors):
            raise ValueError("sector outside the allocation table")
        fileobj.seek((fat_sectors[index] + 1) * sector_size + offset * 4)
        return struct.unpack("<I", fileobj.read(4))[0]

    sector, visited = first_directory, 0
    while sector < _DIFSECT:
        visited += 1
        if visited > _MAX_SECTORS_READ:
            raise ValueError("directory chain too long or looping")
        data = read_sector(sector)
        for start in range(0, sector_size, 128):
            entry = data[start : start + 128]
            name_length, entry_type = struct.unpack_from("<HB", entry, 0x40)
            if entry_type == 2 and 2 <= name_length <= 64:  # a stream
                yield entry[: name_length - 2].decode("utf-16-le", "replace")
        sector = next_sector(sector)


def _is_csv(fileobj) -> bool:
    """Text in UTF-8 (a byte-order mark is fine) or UTF-16 with a byte-order
    mark, without control characters, that the csv module reads as a table."""
    fileobj.seek(0)
    start = fileobj.read(4)
    fileobj.seek(0)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    sample = []
    sampled = 0
    try:
        while True:
            chunk = fileobj.read(CSV_SAMPLE_BYTES)
            if not chunk:
                text = decoder.decode(b"", final=True)
            else:
                if encoding == "utf-8-sig" and b"\x00" in chunk:
                    return False
                text = decoder.decode(chunk)
            if _CONTROL.search(text):
                return False
            if sampled < CSV_SAMPLE_BYTES:
                sample.append(text)
                sampled += len(text)
            if not chunk:
                break
    except UnicodeDecodeError:
        return False
    sample_text = "".join(sample)[:CSV_SAMPLE_BYTES]
    if not sample_text.strip():
        return False
    # Cut the sample at a line end so the last row is whole.
    if len(sample_text) == CSV_SAMPLE_BYTES and "\n" in sample_text:
        sample_text = sample_text[: sample_text.rindex("\n") + 1]
    try:
        dialect = csv.Sniffer().sniff(sample_text, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel  # one column, or too little to tell: the usual commas
    try:
        rows = list(csv.reader(io.StringIO(sample_text), dialect, strict=True))
    except csv.Error:
        return False
    return any(any(cell.strip() for cell in row) for row in rows)
