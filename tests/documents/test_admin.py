"""The secretariat's admin for documents: versions read-only, edits through
the service, the change history, no uploads that skip the file checks."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories.documents import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, secretariat):
    TOTP.activate(secretariat, generate_totp_secret())
    client.force_login(secretariat)
    return client


def test_documents_are_listed_in_the_admin(admin_client):
    DocumentFactory(title="Harbin Consensus")
    index = admin_client.get(reverse("admin:index"))
    assert reverse("admin:documents_document_changelist") in index.content.decode()
    response = admin_client.get(reverse("admin:documents_document_changelist"))
    assert response.status_code == 200
    assert "Harbin Consensus" in response.content.decode()


def test_the_change_page_shows_every_version_read_only(admin_client):
    document = DocumentFactory(versions=2)
    response = admin_client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for number in (1, 2):
        assert reverse("documents:download", args=[document.pk, number]) in html
    assert 'name="versions-0-note"' not in html  # read-only
    assert admin_client.get(reverse("admin:documents_document_add")).status_code == 403


def test_an_edit_in_the_admin_goes_through_the_service_and_is_in_the_history(
    admin_client, group, secretariat
):
    document = DocumentFactory(title="Old", access="members")
    url = reverse("admin:documents_document_change", args=[document.pk])
    response = admin_client.post(
        url,
        {
            "title": "New",
            "description": "",
            "language": "en",
            "access": "group",
            "group": group.pk,
            "versions-TOTAL_FORMS": "1",
            "versions-INITIAL_FORMS": "1",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "1000",
            "versions-0-id": document.versions.get().pk,
            "versions-0-document": document.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert (document.title, document.access, document.group) == ("New", "group", group)
    assert document.history.first().history_user == secretariat
    history = admin_client.get(reverse("admin:documents_document_history", args=[document.pk]))
    assert history.status_code == 200


def test_other_people_do_not_reach_the_documents_admin(client, member):
    client.force_login(member)
    response = client.get(reverse("admin:documents_document_changelist"))
    assert response.status_code in (302, 403)
