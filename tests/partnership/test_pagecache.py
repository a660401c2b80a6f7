"""The public page cache: anonymous visitors only, retired on every change."""

import pytest
from django.test import override_settings

from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    OrganisationFactory(name="Hunchun Nature Reserve")
    first = client.get("/members/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/members/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_to_an_organisation_retires_cached_pages(client):
    organisation = OrganisationFactory(name="Old name")
    assert "Old name" in client.get("/members/").content.decode()
    organisation.name = "New name"
    organisation.save()
    body = client.get("/members/").content.decode()
    assert "New name" in body
    assert "Old name" not in body


def test_languages_and_queries_are_cached_apart(client):
    OrganisationFactory()
    english = client.get("/members/")
    russian = client.get("/ru/members/")
    assert russian["X-Page-Cache"] == "miss"
    assert english.content != russian.content
    assert client.get("/members/?q=nothing-matches")["X-Page-Cache"] == "miss"


def test_signed_in_users_are_never_served_or_stored(client):
    OrganisationFactory()
    client.get("/members/")  # an anonymous copy is now cached
    client.force_login(UserFactory(full_name="Yuki Tanaka"))
    response = client.get("/members/")
    assert "X-Page-Cache" not in response
    assert "Yuki" in response.content.decode()
    client.logout()
    assert "Yuki" not in client.get("/members/").content.decode()


def test_a_hidden_profile_is_not_cached_as_a_page(client):
    organisation = OrganisationFactory(status=Organisation.Status.SUSPENDED)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_a_hit_is_answered_before_the_session_locale_and_auth_middleware(client, monkeypatch):
    from django.contrib.auth.middleware import AuthenticationMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.middleware.locale import LocaleMiddleware

    OrganisationFactory()
    assert client.get("/ru/members/")["X-Page-Cache"] == "miss"
    ran = []
    for middleware in (SessionMiddleware, LocaleMiddleware, AuthenticationMiddleware):
        original = middleware.process_request
        monkeypatch.setattr(
            middleware,
            "process_request",
            lambda self, request, original=original, name=middleware.__name__: (
                ran.append(name) or original(self, request)
            ),
        )
    hit = client.get("/ru/members/")
    assert hit["X-Page-Cache"] == "hit"
    assert ran == []
    # The headers of the middleware above the cache are on hits too.
    assert "Content-Security-Policy" in hit
    assert hit["Content-Language"] == "ru"
    assert hit["X-Frame-Options"] == "DENY"


def test_public_pages_carry_an_etag_and_answer_conditional_requests_with_304(client):
    OrganisationFactory()
    first = client.get("/members/")
    etag = first["ETag"]
    assert etag.startswith('"')
    assert "public" in first["Cache-Control"] and "s-maxage=60" in first["Cache-Control"]
    assert "Cookie" in first["Vary"]
    again = client.get("/members/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get("/members/", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_conditional_request_on_a_miss_is_answered_304_too(client):
    from django.core.cache import cache

    OrganisationFactory()
    etag = client.get("/members/")["ETag"]
    cache.clear()
    response = client.get("/members/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["X-Page-Cache"] == "miss"


def test_a_change_gives_a_new_etag(client):
    organisation = OrganisationFactory(name="Old name")
    etag = client.get("/members/")["ETag"]
    organisation.name = "New name"
    organisation.save()
    response = client.get("/members/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_signed_in_pages_are_private(client):
    OrganisationFactory()
    client.force_login(UserFactory())
    for path in ("/members/", "/dashboard/"):
        response = client.get(path)
        assert "private" in response["Cache-Control"], path
        assert "ETag" not in response


@pytest.mark.django_db
def test_a_hit_carries_the_same_policy_and_security_headers_as_the_page(client, settings):
    """The stored page keeps the headers the middleware below the cache added
    (its Content-Security-Policy, which the map widens for its tiles, and
    X-Frame-Options); those above it (security headers, the request id) are
    added to every response, hit or not."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    for path in ("/news/", "/activities/map/"):
        miss, hit = client.get(path), client.get(path)
        assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
        for header in (
            "Content-Security-Policy",
            "X-Frame-Options",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "ETag",
            "Cache-Control",
        ):
            assert hit[header] == miss[header], (path, header)
        assert hit["X-Request-ID"] != miss["X-Request-ID"]
        assert int(hit["Content-Length"]) == len(hit.content) == len(miss.content)
    assert "https://*.tiles.example.org" in hit["Content-Security-Policy"]
