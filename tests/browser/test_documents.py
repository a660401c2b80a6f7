"""The document library in a real browser: a group member uploads a PDF through
the form (after a refused file), downloads it again, and axe-core finds nothing
on the library, a document page and the upload form, with and without errors."""

import re

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.factories import UserFactory
from tests.factories.documents import DocumentFactory, pdf_bytes, png_bytes
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
FILE_LABEL = re.compile(r"^File:?$")


@pytest.fixture
def library(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    group = WorkingGroupFactory(slug="joint-survey", name="Joint survey and monitoring")
    member = add_member(group, GroupRole.MEMBER, user=UserFactory(full_name="Olga Member")).user
    DocumentFactory(
        title="Harbin Consensus (2019)",
        access="public",
        uploaded_by=UserFactory(full_name="Secretariat Demo"),
        versions=2,
    )
    DocumentFactory(title="Partner briefing", access="members", language="ru")
    return group, member


def _file(name, data, mime):
    return {"name": name, "mimeType": mime, "buffer": data}


def test_member_uploads_a_pdf_and_downloads_it(library, new_page, axe):
    group, member = library
    page = new_page(session_user=member)

    page.goto("/documents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Document library")
    expect(page.get_by_role("table")).to_contain_text("Harbin Consensus (2019)")
    axe(page)

    page.goto(f"/documents/new/?group={group.slug}")
    expect(page.get_by_role("combobox", name="Working group")).to_have_value(str(group.pk))
    axe(page)

    # A PNG renamed .pdf is refused; the title typed stays in the form.
    page.get_by_label("Title").fill("Draft joint survey protocol 2026")
    page.get_by_label(FILE_LABEL).set_input_files(
        _file("protocol.pdf", png_bytes(), "application/pdf")
    )
    page.get_by_role("button", name="Add the document").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    file_input = page.get_by_label(FILE_LABEL)
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(file_input).to_have_accessible_description(
        "PDF, Word, Excel, PowerPoint, OpenDocument, CSV, PNG or JPEG; at most 25.0 MB. "
        "The file name ends in “.pdf” but the file is a PNG image. Give it the right extension "
        "(.png) or upload the intended file."
    )
    expect(page.get_by_label("Title")).to_have_value("Draft joint survey protocol 2026")
    assert not Document.objects.filter(title__startswith="Draft").exists()
    axe(page)

    # The real PDF goes through.
    data = pdf_bytes("Draft joint survey protocol 2026")
    page.get_by_label(FILE_LABEL).set_input_files(_file("protocol.pdf", data, "application/pdf"))
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Draft joint survey protocol 2026")
    expect(page.get_by_role("status")).to_contain_text("The document was added to the library.")
    expect(page.get_by_role("main")).to_contain_text("Only the members of Joint survey")
    axe(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the latest version").click()
    download = download_info.value
    assert download.suggested_filename == "protocol.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == data

    document = Document.objects.get(title="Draft joint survey protocol 2026")
    assert (document.group, document.access, document.uploaded_by) == (group, "group", member)


def test_document_page_and_library_on_a_phone(library, new_page, axe):
    page = new_page(viewport=PHONE)
    document = Document.objects.get(title="Harbin Consensus (2019)")
    for path in ("/documents/", document.get_absolute_url(), "/ru/documents/"):
        response = page.goto(path)
        assert response.status == 200
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{path} scrolls sideways on a phone"
    page.goto(document.get_absolute_url())
    expect(page.get_by_role("table")).to_contain_text("report-v1.pdf")
    axe(page)


def test_members_only_documents_are_not_listed_for_visitors(library, page):
    page.goto("/documents/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Harbin Consensus (2019)")
    expect(main).not_to_contain_text("Partner briefing")
    document = Document.objects.get(title="Partner briefing")
    assert page.goto(document.get_absolute_url()).status == 404
