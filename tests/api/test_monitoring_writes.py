"""Monitoring records written through the API: the same rights as the site
and the same checks as a row of an import file (one function,
`monitoring.imports.check_record`), with field-named 400s, 403 for a record
the user sees but may not change, 404 for one they may not see, and the
cached public pages retired."""

import datetime
from decimal import Decimal

import pytest

from common import pagecache
from monitoring import imports
from monitoring.models import PatrolSummary, PopulationEstimate
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import (
    PopulationEstimateFactory,
    centre_staff,
    secretariat,
)

pytestmark = pytest.mark.django_db

ESTIMATES = "/api/v1/population-estimates/"
PATROLS = "/api/v1/patrol-summaries/"


@pytest.fixture
def china():
    return CountryFactory(code="CN", name="China")


@pytest.fixture
def russia():
    return CountryFactory(code="RU", name="Russian Federation")


@pytest.fixture
def cn_centre(china):
    return InformationCentreFactory(
        slug="feline-research-center", host=OrganisationFactory(country=china), country=china
    )


@pytest.fixture
def ru_centre(russia):
    return InformationCentreFactory(
        slug="far-east", host=OrganisationFactory(country=russia), country=russia
    )


@pytest.fixture
def hunchun(china):
    return ProtectedAreaFactory(slug="hunchun-nature-reserve", name="Hunchun", country=china)


@pytest.fixture
def leopard_park(russia):
    return ProtectedAreaFactory(
        slug="land-of-the-leopard", name="Land of the Leopard", country=russia
    )


@pytest.fixture
def cn_staff(cn_centre):
    return centre_staff(cn_centre)


@pytest.fixture
def ru_staff(ru_centre):
    return centre_staff(ru_centre)


def estimate_body(**changes):
    body = {
        "species": "amur_tiger",
        "country": "CN",
        "region": "Jilin Province",
        "year": 2025,
        "estimate": "70",
        "low": 60,
        "high": 80.5,
        "method": "camera_trapping",
        "source": "Xinhua, 19 December 2025",
        "latitude": 43.1,
        "longitude": "131.4",
        "location_sensitive": True,
    }
    body.update(changes)
    return body


def patrol_body(**changes):
    body = {
        "protected_area": "hunchun-nature-reserve",
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "patrol_days": 120,
        "km_patrolled": 1450.5,
        "snares_removed": 35,
        "source": "SMART",
    }
    body.update(changes)
    return body


def test_centre_staff_publish_an_estimate_for_their_centre(api_as, cn_staff, cn_centre, hunchun):
    """The centre is the only one they publish for, so it may be left out;
    the record is stored as checked, with its publisher, and shown back."""
    response = api_as(cn_staff).post(ESTIMATES, estimate_body(), format="json")
    assert response.status_code == 201, response.json()
    record = PopulationEstimate.objects.get(pk=response.json()["id"])
    assert (record.centre, record.created_by) == (cn_centre, cn_staff)
    assert (record.estimate, record.low, record.high) == (Decimal("70"), 60, Decimal("80.5"))
    assert record.location_sensitive and record.latitude == Decimal("43.1")
    assert record.import_job is None
    shown = response.json()
    assert shown["centre"] == "feline-research-center" and shown["country"] == "CN"
    assert shown["point"]["exact"] is True  # the publisher sees the exact point


def test_patrol_summaries_are_published_changed_and_deleted(api_as, cn_staff, hunchun):
    api = api_as(cn_staff)
    response = api.post(PATROLS, patrol_body(), format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.patch(f"{PATROLS}{pk}/", {"snares_removed": 40}, format="json")
    assert response.status_code == 200, response.json()
    patrol = PatrolSummary.objects.get(pk=pk)
    assert (patrol.snares_removed, patrol.patrol_days) == (40, 120)  # the rest kept
    response = api.put(f"{PATROLS}{pk}/", patrol_body(period_start=None), format="json")
    assert response.status_code == 200, response.json()
    patrol.refresh_from_db()
    assert patrol.period_start is None and patrol.snares_removed == 35
    assert api.delete(f"{PATROLS}{pk}/").status_code == 204
    assert not PatrolSummary.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"species": None}, "species"),
        ({"species": "snow_leopard"}, "species"),
        ({"country": "XX"}, "country"),
        ({"protected_area": "nowhere"}, "protected_area"),
        ({"protected_area": "land-of-the-leopard"}, "protected_area"),  # in Russia
        ({"year": 1850}, "year"),
        ({"year": "2025.5"}, "year"),
        ({"estimate": -1}, "estimate"),
        ({"estimate": "1e400"}, "estimate"),
        ({"low": 71}, "low"),
        ({"high": 69}, "high"),
        ({"method": "guess"}, "method"),
        ({"source": ""}, "source"),
        ({"source_url": "not an address"}, "source_url"),
        ({"embargo_until": "soon"}, "embargo_until"),
        ({"latitude": 91}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"location_sensitive": "perhaps"}, "location_sensitive"),
    ],
)
def test_each_import_check_refuses_an_api_write_by_field(
    api_as, cn_staff, hunchun, leopard_park, changes, field
):
    """The API says what the import report says about the same row."""
    body = estimate_body(**changes)
    response = api_as(cn_staff).post(ESTIMATES, body, format="json")
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "invalid" and field in answer["fields"], answer
    cells = {name: ("" if value is None else str(value)) for name, value in body.items()}
    cells["location_sensitive"] = {True: "yes"}.get(
        body["location_sensitive"], cells["location_sensitive"]
    )
    result = imports.check_rows(
        kind="population",
        file_format="csv",
        headers=list(cells),
        rows=[list(cells.values())],
    )
    assert result.errors and set(answer["fields"][field]) <= set(result.errors[0]["messages"])
    assert not PopulationEstimate.objects.exists()


def test_type_mistakes_and_unknown_fields_are_400(api_as, cn_staff):
    api = api_as(cn_staff)
    for body in (
        estimate_body(species=["amur_tiger"]),
        estimate_body(source=12),
        estimate_body(year=True),
        estimate_body(colour="orange"),
        estimate_body(centre="no-such-centre"),
    ):
        response = api.post(ESTIMATES, body, format="json")
        assert response.status_code == 400, body
        assert response.json()["fields"], response.json()
    assert api.post(ESTIMATES, [1, 2], format="json").status_code == 400
    assert not PopulationEstimate.objects.exists()


def test_duplicates_are_refused_but_a_record_may_be_saved_unchanged(api_as, cn_staff, cn_centre):
    """The same species, place, year and method is one record, as in files
    (regions compared without case); saving a record again is no clash."""
    api = api_as(cn_staff)
    first = api.post(ESTIMATES, estimate_body(), format="json")
    assert first.status_code == 201
    again = api.post(ESTIMATES, estimate_body(region="jilin province "), format="json")
    assert again.status_code == 400
    assert again.json()["fields"] == {"non_field_errors": [imports.already_stored_message()]}
    url = f"{ESTIMATES}{first.json()['id']}/"
    assert api.put(url, estimate_body(), format="json").status_code == 200
    assert api.patch(url, {}, format="json").status_code == 200
    other = PopulationEstimateFactory(centre=cn_centre, country=cn_centre.country, year=2024)
    clash = api.patch(
        f"{ESTIMATES}{other.pk}/", {"region": "Jilin Province", "year": 2025}, format="json"
    )
    assert clash.status_code == 400
    assert PopulationEstimate.objects.count() == 2


def test_a_partial_change_is_checked_as_a_whole_record(api_as, cn_staff, cn_centre):
    record = PopulationEstimateFactory(
        centre=cn_centre, country=cn_centre.country, estimate=Decimal("27"), low=Decimal("20")
    )
    response = api_as(cn_staff).patch(f"{ESTIMATES}{record.pk}/", {"estimate": 10}, format="json")
    assert response.status_code == 400 and "low" in response.json()["fields"]
    record.refresh_from_db()
    assert record.estimate == 27


def test_staff_of_another_centre_are_refused(api_as, ru_staff, cn_centre, ru_centre, tomorrow):
    public = PopulationEstimateFactory(centre=cn_centre, country=cn_centre.country)
    embargoed = PopulationEstimateFactory(
        centre=cn_centre, country=cn_centre.country, embargo_until=tomorrow
    )
    api = api_as(ru_staff)
    body = estimate_body(centre="feline-research-center")
    assert api.post(ESTIMATES, body, format="json").status_code == 403
    assert api.patch(f"{ESTIMATES}{public.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert api.delete(f"{ESTIMATES}{public.pk}/").status_code == 403
    # a record they may not see does not exist for them
    for response in (
        api.patch(f"{ESTIMATES}{embargoed.pk}/", {"notes": "x"}, format="json"),
        api.delete(f"{ESTIMATES}{embargoed.pk}/"),
        api.delete(f"{ESTIMATES}999999/"),
        api.delete(f"{ESTIMATES}abc/"),
    ):
        assert response.status_code == 404
        assert response.json()["status"] == 404
    # moving a record of their own to a centre they do not publish for
    own = PopulationEstimateFactory(centre=ru_centre, country=ru_centre.country)
    moved = api.patch(f"{ESTIMATES}{own.pk}/", {"centre": "feline-research-center"}, format="json")
    assert moved.status_code == 403
    assert PopulationEstimate.objects.filter(centre=cn_centre, notes="").count() == 2
    assert PopulationEstimate.objects.get(pk=own.pk).centre == ru_centre


@pytest.fixture
def tomorrow():
    return datetime.date.today() + datetime.timedelta(days=2)


def test_users_without_a_centre_are_refused_and_visitors_must_sign_in(api_as, cn_centre):
    record = PopulationEstimateFactory(centre=cn_centre, country=cn_centre.country)
    user = api_as(UserFactory())
    assert user.post(ESTIMATES, estimate_body(), format="json").status_code == 403
    assert user.delete(f"{ESTIMATES}{record.pk}/").status_code == 403
    visitor = api_as(None)
    assert visitor.post(ESTIMATES, estimate_body(), format="json").status_code == 401
    assert visitor.delete(f"{ESTIMATES}{record.pk}/").status_code == 401
    assert PopulationEstimate.objects.count() == 1


def test_the_secretariat_names_the_centre(api_as, cn_centre, ru_centre, leopard_park):
    api = api_as(secretariat())
    response = api.post(ESTIMATES, estimate_body(), format="json")
    assert response.status_code == 400 and "centre" in response.json()["fields"]
    body = estimate_body(centre="far-east", country="RU", protected_area="land-of-the-leopard")
    response = api.post(ESTIMATES, body, format="json")
    assert response.status_code == 201, response.json()
    assert PopulationEstimate.objects.get().centre == ru_centre


def test_writes_retire_the_cached_public_pages(
    api_as, cn_staff, cn_centre, hunchun, django_capture_on_commit_callbacks
):
    api = api_as(cn_staff)
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(PATROLS, patrol_body(), format="json")
    after_create = pagecache.generation()
    assert after_create > before
    with django_capture_on_commit_callbacks(execute=True):
        api.delete(f"{PATROLS}{response.json()['id']}/")
    assert pagecache.generation() > after_create


def test_patrol_checks_name_their_field(api_as, cn_staff, hunchun, leopard_park):
    api = api_as(cn_staff)
    for changes, field in (
        ({"period_end": "2024-12-31"}, "period_end"),
        ({"protected_area": None}, "protected_area"),
        ({"patrol_days": -3}, "patrol_days"),
        ({"km_patrolled": "12.55"}, "km_patrolled"),
    ):
        response = api.post(PATROLS, patrol_body(**changes), format="json")
        assert response.status_code == 400 and field in response.json()["fields"], changes
    assert not PatrolSummary.objects.exists()


def test_writes_cost_the_same_queries_with_ten_times_more_records(cn_staff, cn_centre, hunchun):
    """The checks load areas and countries once and ask for clashes in one
    query, however many records and places are stored."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cn_staff)

    def add_stored(count):
        for _n in range(count):
            stored = PopulationEstimate.objects.count()
            PopulationEstimateFactory(
                centre=cn_centre, country=cn_centre.country, year=2025, region=f"Stored {stored}"
            )
            ProtectedAreaFactory(country=cn_centre.country)

    def measure(label):
        counts = []
        with CaptureQueriesContext(connection) as create:
            response = api.post(ESTIMATES, estimate_body(region=label), format="json")
        assert response.status_code == 201
        counts.append(len(create))
        url = f"{ESTIMATES}{response.json()['id']}/"
        with CaptureQueriesContext(connection) as change:
            assert api.patch(url, {"estimate": 71}, format="json").status_code == 200
        counts.append(len(change))
        with CaptureQueriesContext(connection) as delete:
            assert api.delete(url).status_code == 204
        counts.append(len(delete))
        return counts

    add_stored(2)
    measure("warm-up")
    small = measure("small")
    add_stored(18)
    assert measure("ten times") == small
