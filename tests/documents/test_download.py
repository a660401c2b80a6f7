"""Downloads go through a view that checks permission on every request; no
file has a public media address."""

from pathlib import Path

import pytest
from django.urls import reverse

from documents.models import Document
from tests.factories.documents import DocumentFactory, DocumentVersionFactory, jpeg_bytes
from workinggroups.models import GroupMembership
from workinggroups.services import membership_sync_grants

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "outsider", "partner", "member", "observer", "other_member", "secretariat"]
VISIBLE_TO = {
    "public": set(PEOPLE),
    "members": {"partner", "member", "observer", "other_member", "secretariat"},
    "group": {"member", "observer", "secretariat"},
}


def _download_url(document, number=1):
    return reverse("documents:download", args=[document.pk, number])


@pytest.mark.parametrize("access", sorted(VISIBLE_TO))
@pytest.mark.parametrize("person", PEOPLE)
def test_download_and_document_page_for_every_access_level(client, request, group, person, access):
    document = DocumentFactory(access=access, group=group)
    if person != "anonymous":
        client.force_login(request.getfixturevalue(person))
    download = client.get(_download_url(document))
    page = client.get(document.get_absolute_url())
    if person in VISIBLE_TO[access]:
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == document.versions.get().file.read()
        assert page.status_code == 200
    else:
        # missing and forbidden look the same; visitors are not even asked to sign in
        assert download.status_code == 404
        assert page.status_code == 404


def test_the_download_response_headers(client, partner):
    document = DocumentFactory(access="members", versions=0)
    DocumentVersionFactory(
        document=document, original_name="Карта «участок» 2026.jpg", data=jpeg_bytes()
    )
    version = document.versions.get()
    version.content_type = "image/jpeg"
    version.save()
    client.force_login(partner)
    response = client.get(_download_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]
    assert int(response["Content-Length"]) == version.size


def test_public_downloads_are_attachments_too_but_may_be_cached(client):
    document = DocumentFactory(access="public")
    response = client.get(_download_url(document))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="report-v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" not in response.get("Cache-Control", "")


def test_a_member_of_another_group_gets_404_at_the_direct_address(client, group, other_member):
    document = DocumentFactory(access="group", group=group, versions=2)
    client.force_login(other_member)
    for number in (1, 2):
        assert client.get(_download_url(document, number)).status_code == 404
    # ...exactly as for a version that does not exist
    assert client.get(_download_url(document, 9)).status_code == 404
    assert client.get(_download_url(Document(pk=999_999))).status_code == 404


def test_permission_is_checked_on_every_download(client, group, member):
    document = DocumentFactory(access="group", group=group)
    url = _download_url(document)
    client.force_login(member)
    assert client.get(url).status_code == 200
    GroupMembership.objects.filter(user=member, group=group).delete()
    membership_sync_grants(user=member, group=group)
    assert client.get(url).status_code == 404  # no session or cache keeps the old answer


def test_making_a_public_document_private_takes_it_away_at_once(client, group):
    document = DocumentFactory(access="public", group=group)
    url = _download_url(document)
    assert client.get(url).status_code == 200
    Document.objects.filter(pk=document.pk).update(access="group")
    assert client.get(url).status_code == 404


def test_the_file_has_no_public_media_address(client, settings, private_media):
    document = DocumentFactory(access="members")
    version = document.versions.get()
    with pytest.raises(ValueError, match="no public address"):
        _ = version.file.url
    stored = Path(version.file.path)
    assert stored.is_relative_to(Path(private_media))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert client.get(settings.MEDIA_URL + version.file.name).status_code == 404
    assert client.get("/" + version.file.name).status_code == 404


def test_a_file_missing_from_storage_is_a_404_not_a_500(client):
    document = DocumentFactory(access="public")
    Path(document.versions.get().file.path).unlink()
    assert client.get(_download_url(document)).status_code == 404


def test_downloads_are_read_only(client, secretariat):
    document = DocumentFactory(access="public")
    client.force_login(secretariat)
    assert client.post(_download_url(document)).status_code == 405
    assert client.head(_download_url(document)).status_code == 200
