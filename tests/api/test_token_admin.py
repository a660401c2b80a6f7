"""The admin's API-token pages: the secretariat sees every token's owner,
name and dates, never its secret or hash, and may revoke; nobody adds,
edits or deletes tokens there; others do not get in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from api import services
from api.models import ApiToken
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:api_apitoken_changelist"


@pytest.fixture
def tokens():
    owner = UserFactory(email="script-owner@example.org")
    in_use, secret = services.token_create(
        user=owner,
        name="Nightly monitoring import",
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    old, old_secret = services.token_create(user=owner, name="Old laptop")
    services.token_revoke(token=old, by=owner)
    services.token_record_use(in_use)
    return {"in_use": in_use, "secret": secret, "old": old, "old_secret": old_secret}


def test_the_secretariat_sees_every_token_without_its_secret(secretariat_client, tokens):
    page = secretariat_client.get(reverse(CHANGELIST)).content.decode()
    for text in ("Nightly monitoring import", "Old laptop", "script-owner@example.org"):
        assert text in page
    assert tokens["in_use"].prefix in page
    detail = secretariat_client.get(
        reverse("admin:api_apitoken_change", args=[tokens["in_use"].pk])
    )
    assert detail.status_code == 200
    for response_page in (page, detail.content.decode()):
        for token in ("secret", "old_secret"):
            assert tokens[token] not in response_page
            assert tokens[token][len(tokens["in_use"].prefix) :] not in response_page
        assert tokens["in_use"].secret_hash not in response_page
        assert tokens["old"].secret_hash not in response_page
    index = secretariat_client.get(reverse("admin:index")).content.decode()
    assert reverse(CHANGELIST) in index


def test_the_list_filters_by_state(secretariat_client, tokens):
    page = secretariat_client.get(reverse(CHANGELIST), {"state": "revoked"}).content.decode()
    assert "Old laptop" in page and "Nightly monitoring import" not in page
    page = secretariat_client.get(reverse(CHANGELIST), {"state": "usable"}).content.decode()
    assert "Old laptop" not in page and "Nightly monitoring import" in page


def test_the_secretariat_revokes_and_nothing_else_changes(secretariat_client, tokens):
    response = secretariat_client.post(
        reverse(CHANGELIST),
        {"action": "revoke_selected", "_selected_action": [tokens["in_use"].pk]},
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(pk=tokens["in_use"].pk)
    assert token.revoked_at is not None and not token.is_usable()
    # the revoked token no longer opens the API
    api_response = secretariat_client.get(
        "/api/v1/population-estimates/", HTTP_AUTHORIZATION=f"Token {tokens['secret']}"
    )
    assert api_response.status_code == 401
    assert secretariat_client.get(reverse("admin:api_apitoken_add")).status_code == 403
    change = reverse("admin:api_apitoken_change", args=[token.pk])
    secretariat_client.post(change, {"name": "Renamed", "user": token.user_id})
    assert ApiToken.objects.get(pk=token.pk).name == "Nightly monitoring import"
    delete = reverse("admin:api_apitoken_delete", args=[token.pk])
    assert secretariat_client.post(delete, {"post": "yes"}).status_code == 403
    assert ApiToken.objects.count() == 2


def test_only_the_secretariat_may_see_and_revoke_others_tokens(tokens):
    centre_staff = RoleAssignmentFactory(role=Role.CENTRE_STAFF).user
    for user in (centre_staff, UserFactory()):
        assert not user.has_perm("api.view_apitoken")
        assert not user.has_perm("api.revoke_apitoken", tokens["in_use"])
        with pytest.raises(Exception, match="not your token"):
            services.token_revoke(token=tokens["in_use"], by=user)
    assert ApiToken.objects.get(pk=tokens["in_use"].pk).revoked_at is None
    secretary = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    assert secretary.has_perm("api.view_apitoken")
    assert secretary.has_perm("api.revoke_apitoken", tokens["in_use"])


def test_the_admin_is_closed_to_others(client, tokens):
    client.force_login(RoleAssignmentFactory(role=Role.CENTRE_STAFF).user)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code in (302, 403)
