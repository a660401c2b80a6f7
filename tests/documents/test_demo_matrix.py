"""The demo documents, and every demo account against every document action.

Allowed means the download, page or form works; denied means 404 (or 403
where the document may be seen but not changed) for a signed-in user, and
never a leak.
"""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from documents import demo as documents_demo
from documents.models import Document, DocumentVersion
from stakeholders import demo as stakeholders_demo
from tests.factories.documents import pdf_bytes, upload
from workinggroups import demo as workinggroups_demo
from workinggroups.models import WorkingGroup

ANONYMOUS = "anonymous"
ACCOUNTS = [ANONYMOUS, *(account.email for account in stakeholders_demo.DEMO_ACCOUNTS)]

MONITORING_DRAFT = "Draft joint survey protocol 2026"
ANTI_POACHING_DRAFT = "Draft joint anti-poaching action programme 2026"
MEMBERS_BRIEFING = "Tiger and leopard numbers 2015–2025: briefing for partners"
HARBIN = (
    "Harbin Consensus on Strengthening Cooperation in Transboundary Conservation of Tigers "
    "and Leopards (2019)"
)

PARTNERS = {
    "secretariat@demo.example",
    "committee@demo.example",
    "committee-ru@demo.example",  # people of active members (their seats aside)
    "committee-ngo@demo.example",
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",
    "centre-cn@demo.example",
    "centre-ru@demo.example",
}
MONITORING_GROUP = {
    "secretariat@demo.example",
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",  # an observer: reads, does not upload
}

# action -> the accounts allowed to do it; everyone else is denied.
ALLOWED = {
    "download_public": {ANONYMOUS, "user@demo.example", *PARTNERS},
    "download_members_briefing": PARTNERS,
    "download_monitoring_draft": MONITORING_GROUP,
    "download_anti_poaching_draft": {"secretariat@demo.example"},
    "list_shows_monitoring_draft": MONITORING_GROUP,
    "list_shows_members_briefing": PARTNERS,
    "new_version_of_monitoring_draft": {
        "secretariat@demo.example",
        "lead-monitoring@demo.example",
        "member-monitoring@demo.example",
    },
    "edit_anti_poaching_draft": {"secretariat@demo.example"},
    "add_to_monitoring_group": {
        "secretariat@demo.example",
        "lead-monitoring@demo.example",
        "member-monitoring@demo.example",
    },
}


@pytest.fixture
def demo_documents(db, demo_password):
    with override_settings(DEBUG=True):
        stakeholders_demo.seed(password=demo_password, with_accounts=True)
        workinggroups_demo.seed(password=demo_password, with_accounts=True)
        documents_demo.seed(password=demo_password, with_accounts=True)


def _document(title):
    return Document.objects.get(title=title)


def _download(client, title):
    return client.get(reverse("documents:download", args=[_document(title).pk, 1]))


def _run(action, client):
    """Perform the action; return (allowed?, response)."""
    if action.startswith("download_"):
        title = {
            "download_public": HARBIN,
            "download_members_briefing": MEMBERS_BRIEFING,
            "download_monitoring_draft": MONITORING_DRAFT,
            "download_anti_poaching_draft": ANTI_POACHING_DRAFT,
        }[action]
        response = _download(client, title)
        return response.status_code == 200, response
    if action.startswith("list_shows_"):
        title = MONITORING_DRAFT if "monitoring" in action else MEMBERS_BRIEFING
        response = client.get(reverse("documents:library") + "?page=1")
        titles = {d.title for d in response.context["page"].paginator.object_list}
        return title in titles, response
    if action == "new_version_of_monitoring_draft":
        document = _document(MONITORING_DRAFT)
        response = client.post(
            reverse("documents:version_create", args=[document.pk]),
            {"file": upload("protocol-v2.pdf", pdf_bytes()), "note": "demo"},
        )
        return document.versions.filter(number=2).exists(), response
    if action == "edit_anti_poaching_draft":
        response = client.get(reverse("documents:edit", args=[_document(ANTI_POACHING_DRAFT).pk]))
        return response.status_code == 200, response
    if action == "add_to_monitoring_group":
        group = WorkingGroup.objects.get(slug="joint-survey-monitoring")
        response = client.post(
            reverse("documents:create"),
            {
                "title": "Camera-trap photos",
                "language": "en",
                "access": "group",
                "group": group.pk,
                "file": upload("photos.pdf", pdf_bytes()),
            },
        )
        return Document.objects.filter(title="Camera-trap photos").exists(), response
    raise AssertionError(action)


# Actions that change data come last, so they cannot change the others' answers.
ORDER = [
    "download_public",
    "download_members_briefing",
    "download_monitoring_draft",
    "download_anti_poaching_draft",
    "list_shows_monitoring_draft",
    "list_shows_members_briefing",
    "edit_anti_poaching_draft",
    "new_version_of_monitoring_draft",
    "add_to_monitoring_group",
]
NEEDS_SIGN_IN = {
    "new_version_of_monitoring_draft",
    "edit_anti_poaching_draft",
    "add_to_monitoring_group",
}


def _denied_properly(account, action, response) -> bool:
    if action.startswith("list_"):
        return response.status_code == 200  # the list simply leaves it out
    if account == ANONYMOUS and action in NEEDS_SIGN_IN:
        return response.status_code == 302 and "/accounts/login/" in response["Location"]
    if action == "add_to_monitoring_group" and account in PARTNERS:
        # a partner may add to the library, just not to this group: a field error
        return response.status_code == 400 and "group" in response.context["form"].errors
    return response.status_code in (403, 404)


@pytest.mark.django_db
@pytest.mark.parametrize("account", ACCOUNTS)
def test_document_permission_matrix(account, client, demo_documents, django_user_model):
    """One demo account against every action (the demo data is seeded once per
    account, not once per cell: the matrix stays fast)."""
    assert sorted(ORDER) == sorted(ALLOWED)
    if account != ANONYMOUS:
        client.force_login(django_user_model.objects.get(email=account))
    wrong = []
    for action in ORDER:
        allowed, response = _run(action, client)
        expected = account in ALLOWED[action]
        if allowed != expected:
            wrong.append((action, "allowed" if allowed else "denied", response.status_code))
        elif not expected and not _denied_properly(account, action, response):
            wrong.append((action, "denied the wrong way", response.status_code))
    assert not wrong, (account, wrong)


@pytest.mark.django_db
def test_a_member_of_the_monitoring_group_gets_its_draft_but_not_another_groups(
    client, demo_documents, django_user_model
):
    client.force_login(django_user_model.objects.get(email="member-monitoring@demo.example"))
    assert _download(client, MONITORING_DRAFT).status_code == 200
    assert _download(client, ANTI_POACHING_DRAFT).status_code == 404
    detail = client.get(_document(ANTI_POACHING_DRAFT).get_absolute_url())
    assert detail.status_code == 404


@pytest.mark.django_db
def test_a_focal_point_sees_members_documents_but_no_group_drafts(
    client, demo_documents, django_user_model
):
    client.force_login(django_user_model.objects.get(email="focal-cn@demo.example"))
    response = client.get(reverse("documents:library"))
    titles = {d.title for d in response.context["page"].object_list}
    assert MEMBERS_BRIEFING in titles
    assert HARBIN in titles
    assert not any(title.startswith("Draft") for title in titles)
    assert _download(client, MEMBERS_BRIEFING).status_code == 200
    assert _download(client, MONITORING_DRAFT).status_code == 404


@pytest.mark.django_db
def test_demo_seed_puts_a_members_only_document_in_every_group_and_is_idempotent(
    demo_documents, demo_password
):
    for group in WorkingGroup.objects.all():
        drafts = Document.objects.filter(group=group, access=Document.Access.GROUP)
        assert drafts.count() == 1, group
        lead = group.memberships.get(role="lead").user
        assert drafts.get().uploaded_by == lead
    monitoring = _document(MONITORING_DRAFT)
    assert monitoring.group.slug == "joint-survey-monitoring"
    assert _document(HARBIN).access == Document.Access.PUBLIC
    assert _document(HARBIN).uploaded_by.email == "secretariat@demo.example"
    assert Document.objects.filter(title__startswith="Proposal for the NEASPEC").exists()
    before = (Document.objects.count(), DocumentVersion.objects.count())
    assert before == (13, 13)
    with override_settings(DEBUG=True):
        documents_demo.seed(password=demo_password, with_accounts=True)
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before


@pytest.mark.django_db
def test_demo_seed_without_accounts_adds_only_the_public_seed_documents(db):
    stakeholders_demo.seed(password=None, with_accounts=False)
    workinggroups_demo.seed(password=None, with_accounts=False)
    documents_demo.seed(password=None, with_accounts=False)
    assert Document.objects.count() == 3
    assert set(Document.objects.values_list("access", flat=True)) == {"public"}
    assert Document.objects.filter(title=HARBIN, uploaded_by=None).exists()


def _check_pdf_structure(data: bytes) -> None:
    """Every object sits where the cross-reference table says, and the
    trailer points at the table: what a PDF reader relies on."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.rstrip().endswith(b"%%EOF")
    startxref = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[startxref:].startswith(b"xref\n0 ")
    count = int(re.match(rb"xref\n0 (\d+)\n", data[startxref:]).group(1))
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf]) \n", data[startxref:])
    assert len(entries) == count
    for number, (offset, _generation, kind) in enumerate(entries):
        if kind == b"n":
            assert data[int(offset) :].startswith(b"%d 0 obj\n" % number), number
    for stream in re.finditer(rb"<< /Length (\d+) >>\nstream\n", data):
        length = int(stream.group(1))
        end = stream.end() + length
        assert data[end : end + len(b"\nendstream")] == b"\nendstream"
    assert b"/Type /Catalog" in data
    assert b"/Type /Page " in data


@pytest.mark.django_db
def test_demo_files_are_valid_pdfs(demo_documents):
    for document in Document.objects.all():
        version = document.versions.get()
        data = version.file.read()
        _check_pdf_structure(data)
        assert version.content_type == "application/pdf"
        assert version.original_name.endswith(".pdf")


def test_the_pdf_writer_escapes_text_and_spans_pages():
    data = documents_demo.text_pdf(
        "Jilin–Primorye (draft) \\ notes", ["A paragraph (with brackets). " * 40] * 12
    )
    _check_pdf_structure(data)
    assert b"Jilin\x96Primorye \\(draft\\) \\\\ notes" in data  # cp1252 en dash, escaped
    assert int(re.search(rb"/Count (\d+)", data).group(1)) > 1
