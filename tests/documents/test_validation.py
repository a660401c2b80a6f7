"""Uploads are checked by size and by content, not by their name alone."""

import codecs

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.test import override_settings

from documents.validation import clean_file_name, validate_document_upload
from tests.factories.documents import (
    csv_bytes,
    jpeg_bytes,
    ole2_bytes,
    ooxml_bytes,
    opendocument_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
    upload,
)

ACCEPTED = [
    ("report.pdf", pdf_bytes(), "application/pdf"),
    ("map.png", png_bytes(), "image/png"),
    ("photo.jpg", jpeg_bytes(), "image/jpeg"),
    ("photo.JPEG", jpeg_bytes(), "image/jpeg"),
    (
        "protocol.docx",
        ooxml_bytes("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "figures.xlsx",
        ooxml_bytes("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "slides.pptx",
        ooxml_bytes("pptx"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("old.doc", ole2_bytes("WordDocument"), "application/msword"),
    ("old.xls", ole2_bytes("Workbook"), "application/vnd.ms-excel"),
    ("older.xls", ole2_bytes("Book"), "application/vnd.ms-excel"),
    ("old.ppt", ole2_bytes("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    ("text.odt", opendocument_bytes("odt"), "application/vnd.oasis.opendocument.text"),
    ("sheet.ods", opendocument_bytes("ods"), "application/vnd.oasis.opendocument.spreadsheet"),
    ("slides.odp", opendocument_bytes("odp"), "application/vnd.oasis.opendocument.presentation"),
    ("figures.csv", csv_bytes(), "text/csv"),
    ("figures-bom.csv", csv_bytes("utf-8-sig"), "text/csv"),
    ("figures-utf16.csv", csv_bytes("utf-16"), "text/csv"),
    ("one-column.csv", b"name\nAmur tiger\nAmur leopard\n", "text/csv"),
    ("semicolons.csv", "страна;год\nРоссия;2025\n".encode(), "text/csv"),
]


@pytest.mark.parametrize(("name", "data", "content_type"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_each_accepted_kind_is_recognised_by_its_content(name, data, content_type):
    # the browser's claimed type is ignored: the content decides
    assert validate_document_upload(upload(name, data, "text/plain")) == content_type


REFUSED = [
    ("png-named-pdf", "report.pdf", png_bytes(), "is a PNG image"),
    ("pdf-named-docx", "protocol.docx", pdf_bytes(), "is a PDF document"),
    ("xlsx-named-docx", "protocol.docx", ooxml_bytes("xlsx"), "is an Excel workbook"),
    ("xls-named-doc", "old.doc", ole2_bytes("Workbook"), "is an Excel 97–2003 workbook"),
    ("text-named-pdf", "report.pdf", b"just some text, not a PDF", "content is not a PDF"),
    ("truncated-pdf", "report.pdf", pdf_bytes()[:200], "content is not a PDF"),
    ("program-named-docx", "setup.docx", b"MZ\x90\x00\x03" + b"\x00" * 200, "not a Word"),
    ("plain-zip-named-docx", "protocol.docx", plain_zip_bytes(), "not a Word"),
    ("macro-docm-named-docx", "protocol.docx", ooxml_bytes("docm"), "not a Word"),
    ("odg-named-odt", "drawing.odt", opendocument_bytes("odg"), "not an OpenDocument"),
    ("other-compound-file", "mail.doc", ole2_bytes("__substg1.0_0037001F"), "not a Word"),
    ("broken-compound-file", "old.doc", ole2_bytes()[:520], "not a Word"),
    ("pdf-named-csv", "figures.csv", pdf_bytes(), "is a PDF document"),
    ("binary-named-csv", "figures.csv", b"a,b\n\x00\x01\x02,3\n", "not a CSV"),
    ("latin1-named-csv", "figures.csv", "Hunchun,Jilin,café\n".encode("latin-1"), "not a CSV"),
    ("control-chars-csv", "figures.csv", b"a,b\n\x07\x08,c\n", "not a CSV"),
    ("corrupt-png", "map.png", png_bytes()[:30], "content is not a PNG"),
    ("zip", "archive.zip", plain_zip_bytes(), "not accepted"),
    ("executable", "tool.exe", b"MZ\x90\x00", "not accepted"),
    ("svg", "map.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not accepted"),
    ("html", "page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
    ("no-extension", "README", pdf_bytes(), "no extension"),
]


@pytest.mark.parametrize(
    ("name", "data", "says"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_wrong_content_is_refused_with_a_clear_message(name, data, says):
    with pytest.raises(ValidationError) as refused:
        validate_document_upload(upload(name, data, "application/pdf"))
    message = " ".join(refused.value.messages)
    assert says in message, message


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="The file is empty"):
        validate_document_upload(upload("empty.pdf", b""))


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused_with_both_sizes():
    data = pdf_bytes(text="x" * 3000)
    assert len(data) > 1024
    with pytest.raises(ValidationError) as refused:
        validate_document_upload(upload("big.pdf", data))
    assert [m.replace("\xa0", " ") for m in refused.value.messages] == [
        f"The file is too large ({round(len(data) / 1024, 1)} KB); the limit is 1.0 KB."
    ]


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_a_file_at_the_limit_is_accepted():
    data = b"a,b\n" * 256
    assert len(data) == 1024
    assert validate_document_upload(upload("figures.csv", data)) == "text/csv"


def test_the_default_limit_is_25_mb(settings):
    assert settings.DOCUMENT_MAX_BYTES == 25 * 1024 * 1024


def test_large_uploads_in_a_temporary_file_are_checked_too(tmp_path):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files."""
    data = csv_bytes() * 20000  # about 1.2 MB
    temporary = TemporaryUploadedFile("figures.csv", "text/csv", len(data), "utf-8")
    temporary.write(data)
    temporary.seek(0)
    try:
        assert validate_document_upload(temporary) == "text/csv"
        assert temporary.tell() == 0  # left where it was, for saving
    finally:
        temporary.close()


def test_utf16_csv_without_bom_is_refused():
    data = "a,b\n1,2\n".encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    with pytest.raises(ValidationError):
        validate_document_upload(upload("figures.csv", data))


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("report.pdf", "report.pdf"),
        ("C:\\Users\\anna\\Desktop\\report.pdf", "report.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("Протокол учёта 2026.docx", "Протокол учёта 2026.docx"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
        ("", "document"),
    ],
)
def test_file_names_are_cleaned_for_storage_and_download(given, kept):
    assert clean_file_name(given) == kept
