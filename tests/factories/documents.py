"""Factories for documents, and small but real files of every accepted kind."""

import hashlib
import io
import struct
import zipfile

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.demo import text_pdf
from documents.models import Document, DocumentVersion

from . import UserFactory

# --- Files ----------------------------------------------------------------------


def pdf_bytes(title="Joint survey protocol", text="Snow-track transects and camera traps."):
    return text_pdf(title, [text])


def png_bytes(size=(4, 3)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (138, 59, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(4, 3)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 77, 58)).save(buffer, format="JPEG")
    return buffer.getvalue()


OOXML = {
    "docx": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    # macro-enabled: not accepted
    "docm": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}


def ooxml_bytes(kind="docx"):
    part, content_type = OOXML[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def opendocument_bytes(kind="odt"):
    mimetype = {
        "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
        "odp": "application/vnd.oasis.opendocument.presentation",
        "odg": "application/vnd.oasis.opendocument.graphics",  # not accepted
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office file")
    return buffer.getvalue()


NOSTREAM = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD


def _directory_entry(name, entry_type, child=NOSTREAM):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = bytearray(128)
    entry[: len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 0x40, len(encoded), entry_type, 1)
    struct.pack_into("<III", entry, 0x44, NOSTREAM, NOSTREAM, child)
    struct.pack_into("<IQ", entry, 0x74, ENDOFCHAIN, 0)
    return bytes(entry)


def ole2_bytes(stream="WordDocument"):
    """A minimal compound file (the Office 97–2003 container) holding one
    empty stream: "WordDocument" (.doc), "Workbook" (.xls) or
    "PowerPoint Document" (.ppt)."""
    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)
    fat = struct.pack("<128I", FATSECT, ENDOFCHAIN, *([0xFFFFFFFF] * 126))
    directory = (
        _directory_entry("Root Entry", 5, child=1)
        + _directory_entry(stream, 2)
        + _directory_entry("", 0)
        + _directory_entry("", 0)
    )
    return bytes(header) + fat + directory


def csv_bytes(encoding="utf-8"):
    text = "country,year,tigers,leopards\r\nChina,2015,27,42\r\nChina,2025,70,80\r\n"
    if encoding == "utf-16":
        return text.encode("utf-16")  # with its byte-order mark
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")
    return text.encode(encoding)


def upload(name, data, content_type="application/octet-stream"):
    """A file as the browser sends it; the declared content type is not trusted."""
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Models ---------------------------------------------------------------------


class DocumentFactory(factory.django.DjangoModelFactory):
    """A document with one PDF version (`versions=N` for more, 0 for none)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Survey report {n}")
    description = "Results of the joint winter survey."
    language = "en"
    access = Document.Access.PUBLIC
    group = None
    uploaded_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def versions(obj, create, extracted, **kwargs):
        if not create:
            return
        for number in range(1, (1 if extracted is None else extracted) + 1):
            DocumentVersionFactory(document=obj, number=number, uploaded_by=obj.uploaded_by)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    class Params:
        data = factory.LazyAttribute(lambda o: pdf_bytes(f"Version {o.number}"))

    document = factory.SubFactory(DocumentFactory, versions=0)
    number = 1
    file = factory.LazyAttribute(
        lambda o: SimpleUploadedFile(o.original_name, o.data, content_type=o.content_type)
    )
    original_name = factory.LazyAttribute(lambda o: f"report-v{o.number}.pdf")
    content_type = "application/pdf"
    size = factory.LazyAttribute(lambda o: len(o.data))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.data).hexdigest())
    uploaded_by = factory.SelfAttribute("document.uploaded_by")
