"""Personal API tokens: created, named and revoked on the profile's page, the
secret shown once and only its hash stored; the token authenticates as its
user until revoked or expired; session sign-in works with CSRF."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken, hash_secret
from api.services import token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/activities/"


def test_the_profile_links_to_the_token_page(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("api_tokens") in page


def test_a_token_is_created_shown_once_and_stored_as_a_hash(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("api_tokens"), {"name": "Camera-trap import", "expires_in": "30"}
    )
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("ppt_") and secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Camera-trap import"
    assert token.secret_hash == hash_secret(secret) and secret not in token.secret_hash
    assert token.prefix == secret[: len(token.prefix)]
    assert token.expires_at > timezone.now() + datetime.timedelta(days=29)
    # the list shows it again, without the secret
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Camera-trap import" in page and secret not in page and token.prefix in page


def test_a_token_without_a_name_is_refused_on_the_page(client):
    client.force_login(UserFactory())
    response = client.post(reverse("api_tokens"), {"name": "  ", "expires_in": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_token_page_needs_sign_in(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_token_authenticates_as_its_user_and_records_its_use(api):
    user = UserFactory()
    token, secret = token_create(user=user, name="script")
    assert token.last_used_at is None
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.post("/api/v1/activities/", {}, format="json")
    assert response.status_code == 400  # signed in: past the 401, into validation
    # a refused request is rolled back whole; the next answered one is recorded
    assert api.get(ME).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused_and_only_its_owner_revokes_it(client, api):
    owner, other = UserFactory(), UserFactory()
    token, secret = token_create(user=owner, name="old")
    client.force_login(other)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    client.force_login(owner)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_refused(api):
    user = UserFactory()
    token, secret = token_create(user=user, name="short")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get(ME).status_code == 401


def test_a_disabled_account_s_token_is_refused(api):
    user = UserFactory()
    _token, secret = token_create(user=user, name="x")
    user.is_active = False
    user.save(update_fields=["is_active"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get(ME).status_code == 401


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token ppt_wrong", "Token \u00e9"])
def test_malformed_or_unknown_tokens_get_a_401(api, header):
    api.credentials(HTTP_AUTHORIZATION=header.encode("utf-8").decode("latin-1"))
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_writes_without_credentials_get_a_401(api):
    response = api.post("/api/v1/activities/", {}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_session_authentication_checks_csrf():
    user = UserFactory()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/api/v1/activities/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    # with the cookie's token in the header, the request is let through
    browser.get(reverse("api_tokens"))
    csrf = browser.cookies["csrftoken"].value
    response = browser.post("/api/v1/activities/", {}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 400
