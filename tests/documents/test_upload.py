"""Adding documents, new versions and edits through the pages: field errors,
never a 500; refused files keep the other values; only permitted people."""

import pytest
from django.test import override_settings
from django.urls import reverse

from documents.models import Document
from tests.factories.documents import (
    DocumentFactory,
    csv_bytes,
    ooxml_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

NEW = reverse("documents:create")


def _form(**overrides):
    data = {
        "title": "Draft joint survey protocol 2026",
        "description": "Transects and the camera-trap grid.",
        "language": "en",
        "access": "group",
        "group": "",
        "file": upload("protocol.pdf", pdf_bytes()),
    }
    data.update(overrides)
    return data


def test_a_group_member_adds_a_group_document(client, member, group):
    client.force_login(member)
    response = client.get(NEW + f"?group={group.slug}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form["group"].value() == group.pk  # preselected from the group page's link
    assert form["access"].value() == "group"
    assert 'enctype="multipart/form-data"' in response.content.decode()

    data = pdf_bytes()
    response = client.post(NEW, _form(group=group.pk, file=upload("protocol.pdf", data)))
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert (document.group, document.access, document.uploaded_by) == (group, "group", member)
    version = document.versions.get()
    assert version.file.read() == data
    page = client.get(document.get_absolute_url())
    assert "The document was added to the library." in page.content.decode()


def test_a_partner_adds_a_members_document_outside_any_group(client, partner):
    client.force_login(partner)
    response = client.post(
        NEW, _form(access="members", file=upload("figures.xlsx", ooxml_bytes("xlsx")))
    )
    assert response.status_code == 302
    version = Document.objects.get().versions.get()
    assert version.content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("protocol.pdf", png_bytes(), "but the file is a PNG image"),
        ("protocol.pdf", b"%PDF-1.4 but cut short", "the content is not a PDF document"),
        ("protocol.exe", b"MZ\x90\x00", "Files ending in “.exe” are not accepted."),
        ("protocol.pdf", b"", "The submitted file is empty."),
    ],
)
def test_a_refused_file_gives_a_field_error_and_keeps_the_other_values(
    client, member, group, name, data, message
):
    client.force_login(member)
    response = client.post(
        NEW, _form(group=group.pk, title="Keep this title", file=upload(name, data))
    )
    assert response.status_code == 400  # refused: the form again, with its errors
    form = response.context["form"]
    assert list(form.errors) == ["file"]
    assert message in " ".join(form.errors["file"])
    html = response.content.decode()
    assert 'value="Keep this title"' in html
    assert "Transects and the camera-trap grid." in html
    assert 'role="alert"' in html  # the error summary
    assert not Document.objects.exists()


@override_settings(DOCUMENT_MAX_BYTES=2048)
def test_a_file_over_the_limit_is_refused_on_the_form(client, member, group):
    client.force_login(member)
    response = client.post(NEW, _form(group=group.pk, file=upload("big.csv", csv_bytes() * 100)))
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "The file is too large" in response.context["form"].errors["file"][0]
    assert "at most 2.0\xa0KB." in response.content.decode()
    assert not Document.objects.exists()


def test_missing_fields_give_field_errors(client, member, group):
    client.force_login(member)
    response = client.post(NEW, {"title": "", "language": "xx", "access": "group"})
    assert response.status_code == 400  # refused: the form again, with its errors
    errors = response.context["form"].errors
    assert set(errors) == {"title", "language", "file", "group"}


def test_a_group_document_needs_a_group(client, partner):
    client.force_login(partner)
    response = client.post(NEW, _form(access="group", group=""))
    assert response.status_code == 400  # refused: the form again, with its errors
    assert response.context["form"].errors == {
        "group": ["Choose the working group whose members may see this document."]
    }
    html = response.content.decode()
    assert "choose the file again" in html  # the browser forgets a chosen file


def test_only_groups_one_may_upload_to_are_offered(client, member, group, other_group):
    client.force_login(member)
    response = client.get(NEW)
    choices = [choice for choice, _label in response.context["form"].fields["group"].choices]
    assert [str(c) for c in choices if c] == [str(group.pk)]
    response = client.post(NEW, _form(group=other_group.pk))
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "Select a valid choice" in response.context["form"].errors["group"][0]
    assert not Document.objects.exists()


def test_visitors_are_sent_to_sign_in_and_outsiders_refused(client, outsider, observer):
    response = client.get(NEW)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, _form(access="public")).status_code == 403
    assert not Document.objects.exists()


def test_a_new_version_keeps_the_old_one(client, member, group):
    document = DocumentFactory(access="group", group=group, uploaded_by=member)
    client.force_login(member)
    url = reverse("documents:version_create", args=[document.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"file": upload("protocol-v2.pdf", pdf_bytes("v2")), "note": "Grid moved north"}
    )
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(document.get_absolute_url()).content.decode()
    assert "Version 2 was uploaded; the earlier versions are kept." in page
    assert "Grid moved north" in page
    assert reverse("documents:download", args=[document.pk, 1]) in page
    assert client.get(reverse("documents:download", args=[document.pk, 1])).status_code == 200


def test_a_refused_new_version_gives_a_field_error(client, member, group):
    document = DocumentFactory(access="group", group=group)
    client.force_login(member)
    url = reverse("documents:version_create", args=[document.pk])
    response = client.post(url, {"file": upload("v2.pdf", png_bytes()), "note": "keep me"})
    assert response.status_code == 400  # refused: the form again, with its errors
    assert list(response.context["form"].errors) == ["file"]
    assert 'value="keep me"' in response.content.decode()
    assert document.versions.count() == 1


def test_new_versions_and_edits_only_for_those_who_may_change(
    client, partner, other_member, observer, group
):
    members_doc = DocumentFactory(access="members", group=group)
    group_doc = DocumentFactory(access="group", group=group)
    for user, document, status in [
        (partner, members_doc, 403),  # may read it, not change it
        (observer, group_doc, 403),  # observers read only
        (other_member, group_doc, 404),  # may not even know it exists
    ]:
        client.force_login(user)
        for name in ("version_create", "edit"):
            url = reverse(f"documents:{name}", args=[document.pk])
            assert client.get(url).status_code == status, (user, name)
            assert client.post(url, {"title": "x"}).status_code == status, (user, name)
    assert Document.objects.filter(title="x").count() == 0


def test_editing_the_details(client, member, group):
    document = DocumentFactory(access="group", group=group, title="Old title", language="en")
    client.force_login(member)
    url = reverse("documents:edit", args=[document.pk])
    form = client.get(url).context["form"]
    assert form["title"].value() == "Old title"
    response = client.post(
        url,
        {
            "title": "Survey protocol",
            "description": "",
            "language": "ru",
            "access": "group",
            "group": group.pk,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.language) == ("Survey protocol", "ru")
    assert document.history.first().title == "Survey protocol"


def test_editing_to_group_access_without_a_group_gives_a_field_error(client, partner):
    document = DocumentFactory(access="members", uploaded_by=partner)
    client.force_login(partner)
    response = client.post(
        reverse("documents:edit", args=[document.pk]),
        {"title": "Briefing", "language": "en", "access": "group", "group": ""},
    )
    assert response.status_code == 400  # refused: the form again, with its errors
    assert "group" in response.context["form"].errors
    document.refresh_from_db()
    assert document.access == "members"
