"""Helpers for the search tests: ask the search page, read back what it found."""

import html

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import strip_tags

ON_POSTGRES = connection.vendor == "postgresql"
postgres_only = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="full-text search, its ranking, headlines and GIN indexes exist only on "
    "PostgreSQL (run with DATABASE_URL=postgres://...); SQLite uses the substring fallback",
)

SEARCH_URL = reverse("search:search")


def plain(value) -> str:
    """A highlighted title or snippet as the reader sees it."""
    return html.unescape(strip_tags(str(value)))


def search(client, q, **params):
    response = client.get(SEARCH_URL, {"q": q, **params})
    assert response.status_code == 200, response.status_code
    return response


def found(client, q, **params) -> dict[str, list[str]]:
    """{kind key: [titles of the results shown]}, kinds without results left out."""
    context = search(client, q, **params).context
    if context.get("results") is not None:
        results = context["results"]
        return {results.provider.key: [plain(hit.title) for hit in results.hits]}
    return {
        group.provider.key: [plain(hit.title) for hit in group.hits]
        for group in context.get("kinds") or []
    }


def totals(client, q) -> dict[str, int]:
    context = search(client, q).context
    return {group.provider.key: group.total for group in context.get("kinds") or []}


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    """Documents made by the factories go to a folder of the test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT
