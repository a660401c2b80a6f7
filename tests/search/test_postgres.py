"""PostgreSQL only: the GIN indexes exist, and the search's vector is the
indexed expression (so the planner can use the index)."""

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from search import text
from search.backends import PostgresBackend
from search.registry import providers
from tests.factories import OrganisationFactory

from .conftest import postgres_only, search

pytestmark = [pytest.mark.django_db, postgres_only]

EXPECTED = {
    "search_organisation_fts": "stakeholders_organisation",
    "search_workinggroup_fts": "workinggroups_workinggroup",
    "search_activity_fts": "activities_activity",
    "search_document_fts": "documents_document",
    "search_protectedarea_fts": "activities_protectedarea",
}
if apps.is_installed("news"):
    EXPECTED["search_article_fts"] = "news_article"


def indexes() -> dict[str, tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes "
            "WHERE indexname LIKE 'search\\_%%\\_fts'"
        )
        return {name: (table, definition) for name, table, definition in cursor.fetchall()}


def test_the_gin_indexes_exist():
    found = indexes()
    for name, table in EXPECTED.items():
        assert name in found, name
        assert found[name][0] == table
        assert "USING gin" in found[name][1]
        assert "'simple'::regconfig" in found[name][1]


def test_every_provider_with_an_index_names_one_that_exists():
    found = indexes()
    for provider in providers():
        if provider.index_name:
            assert provider.index_name in found, provider.key
            assert found[provider.index_name][0] == provider.model._meta.db_table


@pytest.mark.parametrize("provider", providers(), ids=lambda provider: provider.key)
def test_the_search_vector_is_the_indexed_expression(provider):
    """With sequential scans off the planner takes the GIN index if, and only
    if, the query's expression is the index's."""
    if not provider.index_name:
        pytest.skip(f"{provider.key} has no index")
    query = SearchQuery(text.tsquery(text.parse("tiger")), search_type="raw", config="simple")
    matching = (
        provider.model._default_manager.alias(search_vector=PostgresBackend.vector(provider))
        .filter(search_vector=query)
        .values("pk")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = matching.explain()
    assert provider.index_name in plan, plan


def test_the_headline_marks_whole_words_and_lets_no_html_through(client):
    OrganisationFactory(
        name="Ranger school",
        description="<p>Trains <b>rangers</b> & tigers' trackers</p> <script>x()</script>",
    )
    (group,) = search(client, "tiger").context["kinds"]
    snippet = group.hits[0].snippet
    assert "<mark>tigers</mark>" in snippet
    assert "<b>" not in snippet and "<script>" not in snippet and "<p>" not in snippet


def test_odd_tsquery_input_is_no_error(client):
    OrganisationFactory(name="Tiger fund", description="")
    for query in ["tiger:*", "tiger & !", "'tiger'", "(tiger", "tiger <-> fund", "a_b", "1e5"]:
        search(client, query)
