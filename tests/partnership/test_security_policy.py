"""Every kind of response carries the Content-Security-Policy, and its scripts
come from the portal alone: no 'unsafe-inline', no 'unsafe-eval'."""

import pytest
from django.urls import reverse

from activities.browse import _tile_origin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("script-src", [])
    assert "'unsafe-eval'" not in " ".join(response["Content-Security-Policy"].split(";"))
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]
    return policy


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/admin/login/", 302),  # to the portal's own sign-in page
        ("/accounts/login/", 200),
        ("/api/v1/organisations/", 200),
        ("/api/schema/", 200),
        ("/api/docs/", 200),
        ("/api/docs/?script=", 200),
        ("/no-such-page/", 404),
    ],
)
def test_anonymous_responses_carry_the_policy(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert_strict(response)


def test_a_signed_in_page_carries_the_policy(client):
    client.force_login(UserFactory())
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_admin_index_carries_the_policy(secretariat_client):
    response = secretariat_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_strict(response)


def test_the_api_docs_have_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_the_map_may_load_its_tiles_and_nothing_else_from_elsewhere(client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    for _ in range(2):  # the page cache's miss, then its hit
        policy = assert_strict(client.get(reverse("activities:map")))
        assert policy["img-src"] == ["'self'", "data:", "https://*.tiles.example.org"]
    assert directives(client.get("/"))["img-src"] == ["'self'", "data:"]
    settings.MAP_TILE_URL = ""
    assert directives(client.get(reverse("activities:map")))["img-src"] == ["'self'", "data:"]


def test_the_tile_origin():
    assert _tile_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert _tile_origin("http://127.0.0.1:9/{z}/{x}/{y}.png") == "http://127.0.0.1:9"
    assert _tile_origin("") is None
    assert _tile_origin("/static/tiles/{z}/{x}/{y}.png") is None
