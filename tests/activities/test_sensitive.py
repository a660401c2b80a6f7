"""Sensitive locations: anyone not entitled receives only a point generalised
to about 10 km, in every page, map answer and export. Tested by searching every
response (and the XML inside the XLSX file) for the exact digits."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Activity, Report
from common.geo import GENERALISATION_STEP, generalise
from stakeholders.models import Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import (
    ActivityFactory,
    IndicatorFactory,
    ProtectedAreaFactory,
    ReportFactory,
)
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db

LATITUDE, LONGITUDE = Decimal("43.12345"), Decimal("131.54321")
EXACT_DIGITS = ["43.12345", "131.54321", "43.1234", "131.5432", "43,1234", "131,5432"]


@pytest.fixture
def den():
    """A completed, reported leopard-den survey in China at a sensitive point,
    with an accepted report (so it is in the totals too)."""
    china = CountryFactory(code="CN")
    area = ProtectedAreaFactory(slug="hunchun", country=china)
    activity = ActivityFactory(
        title="Leopard den survey",
        countries=[china],
        lead_organisation=OrganisationFactory(country=china),
        group=WorkingGroupFactory(slug="leopard-survey"),
        protected_areas=[area],
        latitude=LATITUDE,
        longitude=LONGITUDE,
        location_sensitive=True,
        status=Activity.Status.COMPLETED,
    )
    IndicatorFactory(activity=activity, achieved=Decimal("12"))
    ReportFactory(activity=activity, status=Report.Status.ACCEPTED)
    return activity


def _partner_in(code):
    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory(country=CountryFactory(code=code)))
    return user


def _responses(client, activity):
    """Every answer that could carry the point, as text (XLSX: its XML parts)."""
    filters = ["", "?country=CN", "?protected_area=hunchun&year=2024", "?group=leopard-survey"]
    urls = [
        reverse(name) + query
        for name in (
            "activities:list",
            "activities:map",
            "activities:map_data",
            "activities:export_csv",
        )
        for query in filters
    ]
    texts = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts[url] = response.content.decode("utf-8-sig")
    for query in filters:
        url = reverse("activities:export_xlsx") + query
        response = client.get(url)
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            texts[url] = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    detail = client.get(activity.get_absolute_url())
    if detail.status_code == 200:
        texts[activity.get_absolute_url()] = detail.content.decode()
    return texts


def _leaks(texts):
    return [
        (url, digits) for url, text in texts.items() for digits in EXACT_DIGITS if digits in text
    ]


@pytest.mark.parametrize("viewer", ["visitor", "partner in another country", "committee"])
def test_the_exact_point_reaches_nobody_outside_the_entitled(client, den, viewer):
    if viewer == "partner in another country":
        client.force_login(_partner_in("MN"))
    elif viewer == "committee":
        client.force_login(RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user)
    texts = _responses(client, den)
    assert _leaks(texts) == []
    # ...and they do receive the generalised point
    assert "43.15" in texts[reverse("activities:map")]
    assert f"[{den.pk},43.15,131.55," in texts[reverse("activities:map_data")]
    assert "43.15,131.55,generalised" in texts[reverse("activities:export_csv")]


@pytest.mark.parametrize(
    "viewer", ["partner in the country", "lead organisation", "proposer", "secretariat"]
)
def test_entitled_partners_see_the_exact_point(client, den, viewer):
    user = {
        "partner in the country": lambda: _partner_in("CN"),
        "lead organisation": lambda: (
            PersonFactory(user=UserFactory(), organisation=den.lead_organisation).user
        ),
        "proposer": lambda: den.proposed_by,
        "secretariat": lambda: RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user,
    }[viewer]()
    client.force_login(user)
    texts = _responses(client, den)
    for name in ("map", "map_data", "export_csv", "export_xlsx"):
        assert "43.12345" in texts[reverse(f"activities:{name}")], name
        assert "131.54321" in texts[reverse(f"activities:{name}")], name
    assert "43.12345,131.54321,exact" in texts[reverse("activities:export_csv")]


def test_a_point_that_is_not_sensitive_is_public(client):
    ActivityFactory(latitude=LATITUDE, longitude=LONGITUDE, location_sensitive=False)
    assert "43.12345" in client.get(reverse("activities:map")).content.decode()
    assert client.get(reverse("activities:map_data")).json()["activities"][0][5] == 1


def test_the_detail_page_does_not_leak_either(client, den):
    response = client.get(den.get_absolute_url())
    if response.status_code == 404:
        pytest.skip("the activity page is not built yet")
    body = response.content.decode()
    assert not [digits for digits in EXACT_DIGITS if digits in body]


@pytest.mark.parametrize(
    ("exact", "generalised"),
    [
        ("43.12345", "43.15"),
        ("43.19999", "43.15"),
        ("43.10000", "43.15"),
        ("131.54321", "131.55"),
        ("130.00001", "130.05"),
        ("-0.04", "-0.05"),
        ("-33.87", "-33.85"),
    ],
)
def test_generalise_snaps_to_the_centre_of_a_tenth_of_a_degree(exact, generalised):
    assert generalise(Decimal(exact)) == Decimal(generalised)


def test_generalised_cells_are_about_ten_kilometres():
    # 0.1° of latitude is about 11.1 km; of longitude at 43° N about 8.1 km
    assert str(GENERALISATION_STEP) == "0.1"
    point = Decimal("43.12345")
    assert abs(generalise(point) - point) <= GENERALISATION_STEP / 2
    # every point of a cell gives the same answer: the cell, not the point, is shown
    cell = {generalise(Decimal("43.1") + Decimal(i) / 1000) for i in range(100)}
    assert cell == {Decimal("43.15")}


def test_the_public_page_cache_never_hands_a_partner_s_answer_to_a_visitor(client, den, settings):
    """Only visitors without a session are served from (and stored in) the
    cache, so the visitor's generalised answer and the partner's exact one
    never cross."""
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    data, page = reverse("activities:map_data"), reverse("activities:map")
    partner = _partner_in("CN")  # made first: a new organisation retires cached pages
    visitor = [client.get(data), client.get(page)]
    assert [r["X-Page-Cache"] for r in visitor] == ["miss", "miss"]
    client.force_login(partner)
    assert "43.12345" in client.get(data).content.decode()
    assert "43.12345" in client.get(page).content.decode()
    client.logout()
    client.cookies.clear()
    again = [client.get(data), client.get(page)]
    assert [r["X-Page-Cache"] for r in again] == ["hit", "hit"]
    assert not _leaks({r.request["PATH_INFO"]: r.content.decode() for r in again})
