"""What matches and in which order, on both databases: a title match above a
body-only match; every word must match; other scripts are found."""

import pytest

from tests.factories import OrganisationFactory
from tests.factories.activities import ActivityFactory
from tests.factories.documents import DocumentFactory

from .conftest import ON_POSTGRES, found, postgres_only, search

pytestmark = pytest.mark.django_db


def test_a_title_match_ranks_above_a_body_only_match(client, db):
    # Alphabetically and by age the body-only match would come first.
    ActivityFactory(title="Aaa snow survey", description="Counting prey along the river.")
    ActivityFactory(title="Aab snow survey", description="Rhododendron slopes above the river.")
    ActivityFactory(title="Rhododendron valley patrol", description="Walking the valley.")
    assert found(client, "rhododendron") == {
        "activities": ["Rhododendron valley patrol", "Aab snow survey"]
    }


def test_more_title_words_rank_higher(client, db):
    DocumentFactory(title="Otter report", description="Amur river otter survey and counts.")
    DocumentFactory(title="Amur otter report", description="Survey and counts.")
    assert found(client, "amur otter")["documents"] == ["Amur otter report", "Otter report"]


def test_every_word_must_match(client, db):
    OrganisationFactory(name="Leopard fund", description="Supports rangers.")
    OrganisationFactory(name="Tiger fund", description="Supports rangers.")
    assert found(client, "leopard rangers") == {"organisations": ["Leopard fund"]}
    assert found(client, "leopard zebra") == {}


def test_the_beginning_of_a_word_is_enough(client, db):
    OrganisationFactory(name="Leopard fund", description="Camera-trapping.")
    assert found(client, "leop") == {"organisations": ["Leopard fund"]}
    assert found(client, "camera") == {"organisations": ["Leopard fund"]}


def test_case_does_not_matter_for_latin_letters(client, db):
    OrganisationFactory(name="Amur Leopard Fund", description="")
    assert found(client, "AMUR leopard") == {"organisations": ["Amur Leopard Fund"]}


def test_chinese_is_found_inside_a_longer_run_of_characters(client, db):
    """Chinese is written without spaces: "国家公园" is inside the one word
    PostgreSQL's simple parser sees in "东北虎豹国家公园管理局"."""
    OrganisationFactory(
        name="东北虎豹国家公园管理局", description="负责东北虎豹国家公园的保护工作。"
    )
    OrganisationFactory(name="Other office", description="在珲春开展国家公园巡护。")
    result = found(client, "国家公园")
    assert result == {"organisations": ["东北虎豹国家公园管理局", "Other office"]}
    (group,) = search(client, "国家公园").context["kinds"]
    assert "<mark>国家公园</mark>" in group.hits[0].title
    assert "<mark>国家公园</mark>" in group.hits[1].snippet


def test_russian_is_found(client, db):
    ActivityFactory(title="Учёт амурского тигра", description="Зимний маршрутный учёт.")
    assert found(client, "тигра") == {"activities": ["Учёт амурского тигра"]}
    assert found(client, "маршрутный") == {"activities": ["Учёт амурского тигра"]}


@postgres_only
def test_on_postgres_case_does_not_matter_in_any_script(client, db):
    ActivityFactory(title="Учёт амурского тигра", description="Зимний маршрутный учёт.")
    assert found(client, "ТИГРА") == {"activities": ["Учёт амурского тигра"]}


@postgres_only
def test_on_postgres_a_word_does_not_match_inside_another(client, db):
    OrganisationFactory(name="Sabertiger club", description="")
    OrganisationFactory(name="Tiger club", description="")
    assert found(client, "tiger") == {"organisations": ["Tiger club"]}


@pytest.mark.skipif(ON_POSTGRES, reason="the substring fallback runs on SQLite only")
def test_on_sqlite_a_word_matches_inside_another(client, db):
    OrganisationFactory(name="Sabertiger club", description="")
    OrganisationFactory(name="Tiger club", description="")
    assert found(client, "tiger") == {"organisations": ["Sabertiger club", "Tiger club"]}


def test_the_snippet_shows_the_match_in_the_body(client, db):
    filler = " ".join(["Forest"] * 80)
    ActivityFactory(title="Long report", description=f"{filler} a salamander appeared {filler}")
    (group,) = search(client, "salamander").context["kinds"]
    snippet = group.hits[0].snippet
    assert "<mark>salamander</mark>" in snippet
    assert len(snippet) < 400
