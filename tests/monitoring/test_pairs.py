"""A cross-border pair's page: both areas on one map, their activities, patrol
effort and estimates of each side, documents and news naming them; linked
from both areas, the activities list and the map."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, CrossBorderPair
from documents.models import Document
from tests.factories.activities import ActivityFactory, CrossBorderPairFactory, ProtectedAreaFactory
from tests.factories.documents import DocumentFactory
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory
from tests.factories.news import ArticleFactory
from tests.querycount import assert_fixed_query_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    hunchun = ProtectedAreaFactory(name="Hunchun Reserve", slug="hunchun", country__code="CN")
    leopard = ProtectedAreaFactory(
        name="Land of the Leopard",
        slug="leopard",
        country__code="RU",
        outline={
            "type": "Polygon",
            "coordinates": [[[131.0, 43.0], [131.5, 43.0], [131.5, 43.4], [131.0, 43.0]]],
        },
    )
    return CrossBorderPairFactory(
        first=hunchun, second=leopard, name="Hunchun – Land of the Leopard"
    )


def test_the_pair_page_shows_both_sides(client, pair):
    assert pair.slug == "hunchun-land-of-the-leopard"
    joint = ActivityFactory(
        title="Joint winter patrol",
        status=Activity.Status.COMPLETED,
        protected_areas=[pair.first, pair.second],
    )
    ActivityFactory(
        title="Hunchun camera traps", status=Activity.Status.ONGOING, protected_areas=[pair.first]
    )
    ActivityFactory(
        title="A proposal nobody may see",
        status=Activity.Status.PROPOSED,
        protected_areas=[pair.second],
    )
    PatrolSummaryFactory(
        protected_area=pair.first,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        patrol_days=210,
        source="SMART CN",
    )
    PatrolSummaryFactory(
        protected_area=pair.second,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        patrol_days=340,
        source="SMART RU",
    )
    PatrolSummaryFactory(
        protected_area=pair.second,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 12, 31),
        patrol_days=777,
        embargo_until=timezone.localdate() + datetime.timedelta(days=10),
    )
    PopulationEstimateFactory(
        protected_area=pair.second,
        country=pair.second.country,
        year=2024,
        estimate=Decimal("121"),
        source="Land of the Leopard census 2024",
    )
    DocumentFactory(title="Hunchun Reserve survey 2024", versions=0)
    DocumentFactory(
        title="Land of the Leopard internal memo", access=Document.Access.MEMBERS, versions=0
    )
    ArticleFactory(title="Tigers cross from the Land of the Leopard")

    response = client.get(pair.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="img"' in body and "Hunchun Reserve and Land of the Leopard on one map" in body
    assert "<polygon" in body  # the outline recorded for one side
    assert "Joint winter patrol" in body and "Hunchun camera traps" in body
    assert "A proposal nobody may see" not in body
    assert [a.pk for a in response.context["joint"]] == [joint.pk]
    rows = {(r["year"], r["area"].pk): r["patrol_days"] for r in response.context["patrol_rows"]}
    assert rows == {(2024, pair.first.pk): 210, (2024, pair.second.pk): 340}  # embargo holds
    assert "777" not in body
    assert "SMART RU" in body and "Land of the Leopard census 2024" in body
    assert "Hunchun Reserve survey 2024" in body
    assert "internal memo" not in body  # members only
    assert "Tigers cross from the Land of the Leopard" in body


def test_the_pair_is_linked_from_its_areas_the_list_and_the_map(client, pair):
    url = pair.get_absolute_url()
    for area in (pair.first, pair.second):
        page = client.get(reverse("activities:protected_area", args=[area.slug]))
        assert url in page.content.decode()
    assert url in client.get(reverse("activities:list")).content.decode()
    assert url in client.get(reverse("activities:map")).content.decode()


def test_unknown_pair_is_not_found(client):
    assert client.get("/protected-areas/pairs/nowhere/").status_code == 404


def test_a_new_pair_gets_a_free_address(pair):
    again = CrossBorderPair(first=pair.second, second=pair.first, name=pair.name)
    again.save()
    assert again.slug == "hunchun-land-of-the-leopard-2"


def test_query_count_is_flat(client, pair):
    ActivityFactory(status=Activity.Status.COMPLETED, protected_areas=[pair.second])

    def grow():
        for year in range(2010, 2020):
            PatrolSummaryFactory(
                protected_area=pair.first,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
            )
            PopulationEstimateFactory(
                protected_area=pair.second, country=pair.second.country, year=year
            )
            ActivityFactory(status=Activity.Status.COMPLETED, protected_areas=[pair.first])

    assert_fixed_query_count(client, pair.get_absolute_url(), grow)
