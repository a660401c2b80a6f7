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
    (its Content-Security-Policy, which the map widens for its tiles,
    X-Frame-Options and the security headers); each hit has its own request
    id."""
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


# The WSGI front (partnership/wsgi.py): hits answered before Django.


class _Inner:
    """Stands for Django's WSGI handler behind the front: records what it is
    asked and answers a page of its own."""

    def __init__(self):
        self.environs = []

    def __call__(self, environ, start_response):
        self.environs.append(environ)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from django"]


def _call(application, environ):
    started = {}

    def start_response(status, headers):
        started["status"], started["headers"] = status, dict(headers)

    body = b"".join(application(environ, start_response))
    return started["status"], started["headers"], body


@pytest.fixture
def front():
    from common.pagecache import PageCacheApplication

    inner = _Inner()
    return inner, PageCacheApplication(inner)


def _environ(path="/members/", method="GET", **extra):
    from django.test import RequestFactory

    return RequestFactory().generic(method, path, **extra).environ


def test_the_wsgi_front_answers_a_hit_without_django(client, front):
    inner, application = front
    OrganisationFactory(name="Hunchun Nature Reserve")
    miss = client.get("/members/")
    status, headers, body = _call(application, _environ())
    assert inner.environs == []
    assert status == "200 OK"
    assert body == miss.content
    assert headers["X-Page-Cache"] == "hit"
    assert int(headers["Content-Length"]) == len(body)
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "X-Frame-Options",
        "ETag",
        "Cache-Control",
        "Vary",
        "Content-Language",
    ):
        assert headers[header] == miss[header], header
    assert headers["X-Request-ID"] not in ("", miss["X-Request-ID"])
    assert "Set-Cookie" not in headers


def test_the_wsgi_front_answers_conditional_and_head_requests(client, front):
    inner, application = front
    OrganisationFactory()
    etag = client.get("/ru/members/")["ETag"]
    status, headers, body = _call(application, _environ("/ru/members/", HTTP_IF_NONE_MATCH=etag))
    assert (status, body, headers["ETag"]) == ("304 Not Modified", b"", etag)
    status, headers, body = _call(application, _environ("/ru/members/", method="HEAD"))
    assert (status, body) == ("200 OK", b"")
    assert int(headers["Content-Length"]) > 0
    assert inner.environs == []


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abc"},
        {"HTTP_COOKIE": "messages=abc"},
        {"HTTP_HOST": "evil.example"},
        {"method": "POST"},
        {"path": "/members/?page=2"},
    ],
    ids=["session", "messages", "unknown host", "post", "another address"],
)
def test_the_wsgi_front_leaves_everything_else_to_django(client, front, extra):
    inner, application = front
    OrganisationFactory()
    client.get("/members/")  # cached for visitors
    status, _headers, body = _call(application, _environ(**{"path": "/members/", **extra}))
    assert (status, body) == ("200 OK", b"from django")
    assert len(inner.environs) == 1


def test_after_a_miss_at_the_front_django_does_not_look_the_page_up_again(
    client, front, monkeypatch
):
    from common import pagecache

    inner, application = front
    OrganisationFactory()
    _call(application, _environ())
    (environ,) = inner.environs
    assert pagecache.LOOKED_UP in environ
    lookups = []
    original = pagecache._lookup
    monkeypatch.setattr(pagecache, "_lookup", lambda key: lookups.append(key) or original(key))
    response = client.get("/members/", **{pagecache.LOOKED_UP: environ[pagecache.LOOKED_UP]})
    assert response["X-Page-Cache"] == "miss"
    assert lookups == []
    assert _call(application, _environ())[1]["X-Page-Cache"] == "hit"


def test_the_wsgi_front_is_off_with_the_page_cache(client, front, settings):
    _inner, application = front
    OrganisationFactory()
    client.get("/members/")
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    assert _call(application, _environ())[2] == b"from django"


def test_the_served_application_has_the_front(monkeypatch):
    import django

    from common.pagecache import PageCacheApplication

    monkeypatch.setattr(django, "setup", lambda **kwargs: None)  # done already
    from partnership.wsgi import application

    assert isinstance(application, PageCacheApplication)


def test_the_front_holds_a_page_and_asks_for_the_content_version_once_a_second(
    client, front, settings, monkeypatch
):
    """Another process's change (the version bumped in the shared cache, not
    here) reaches a held page once the recheck interval has passed; until
    then the front answers without a round trip to the cache."""
    from django.core.cache import cache

    from common import pagecache

    inner, application = front
    settings.PAGE_CACHE_RECHECK_SECONDS = 60
    OrganisationFactory()
    client.get("/members/")
    assert _call(application, _environ())[1]["X-Page-Cache"] == "hit"
    cache.incr(pagecache.GENERATION_KEY)  # as another process's change does
    asked = []
    monkeypatch.setattr(pagecache, "_lookup", lambda key: asked.append(key) or 1 / 0)
    assert _call(application, _environ())[1]["X-Page-Cache"] == "hit"
    assert asked == []
    monkeypatch.undo()
    settings.PAGE_CACHE_RECHECK_SECONDS = 0
    assert _call(application, _environ())[2] == b"from django"
    assert len(inner.environs) == 1


def test_a_change_made_in_this_process_retires_a_held_page_at_once(client, front, settings):
    _inner, application = front
    settings.PAGE_CACHE_RECHECK_SECONDS = 60
    organisation = OrganisationFactory(name="Old name")
    client.get("/members/")
    assert b"Old name" in _call(application, _environ())[2]
    organisation.name = "New name"
    organisation.save()
    assert _call(application, _environ())[2] == b"from django"
    assert b"New name" in client.get("/members/").content
    assert b"New name" in _call(application, _environ())[2]


def test_the_front_holds_only_so_many_pages(client, front, settings):
    _inner, application = front
    settings.PAGE_CACHE_PROCESS_ENTRIES = 2
    OrganisationFactory()
    paths = ["/members/", "/ru/members/", "/zh-hans/members/"]
    for path in paths:
        client.get(path)
        assert _call(application, _environ(path))[1]["X-Page-Cache"] == "hit"
    assert len(application._held) == 2
