"""The activity map in a real browser: markers from one data request, still
there when the tiles cannot load, filters in the address, and axe-core clean
on the list and the map."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from activities.models import Activity, Report
from tests.factories import CountryFactory
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ProtectedAreaFactory,
    ReportFactory,
)

pytestmark = pytest.mark.browser

UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def places(transactional_db, settings):
    settings.MAP_TILE_URL = UNREACHABLE_TILES
    settings.MAP_TILE_ATTRIBUTION = "© Test tiles"
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    hunchun = ProtectedAreaFactory(
        name="Hunchun", country=china, latitude=Decimal("43.2"), longitude=Decimal("130.8")
    )
    leopard = ProtectedAreaFactory(
        name="Land of the Leopard",
        country=russia,
        latitude=Decimal("43.1"),
        longitude=Decimal("131.3"),
    )
    CrossBorderPairFactory(first=hunchun, second=leopard, name="Hunchun – Land of the Leopard")
    days = IndicatorTypeFactory(slug="patrol-days", name="Patrol days", unit="days")
    patrol = ActivityFactory(
        title="Joint winter patrol",
        countries=[china, russia],
        protected_areas=[hunchun, leopard],
        status=Activity.Status.COMPLETED,
        latitude=Decimal("43.30000"),
        longitude=Decimal("131.00000"),
        starts_on=datetime.date(2024, 1, 5),
        ends_on=datetime.date(2024, 2, 25),
    )
    IndicatorFactory(activity=patrol, indicator_type=days, planned=900, achieved=971)
    ReportFactory(activity=patrol, status=Report.Status.ACCEPTED)
    ActivityFactory(
        title="Camera-trap check",
        countries=[china],
        latitude=Decimal("43.60000"),
        longitude=Decimal("130.50000"),
    )
    ActivityFactory(
        title="Leopard den survey",
        countries=[russia],
        latitude=Decimal("43.12345"),
        longitude=Decimal("131.54321"),
        location_sensitive=True,
    )
    ActivityFactory(title="Training without a place", latitude=None, longitude=None)


def _count_data_requests(page):
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "/map/data.json" in request.url else None,
    )
    return requests


def test_markers_and_the_list_show_although_the_tiles_cannot_load(places, page):
    data_requests = _count_data_requests(page)
    failed_tiles = []
    page.on(
        "requestfailed",
        lambda request: failed_tiles.append(request.url) if ":9/" in request.url else None,
    )
    page.goto("/activities/map/")
    main = page.get_by_role("main")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.locator("#activity-map")).to_have_attribute("data-markers", "3")
    expect(page.get_by_role("status").filter(has_text="3 activities shown")).to_be_attached()
    # protected areas are circles, the pair a line between them (SVG paths)
    expect(page.locator("#activity-map path.leaflet-interactive")).to_have_count(3)
    # the list alternative holds every place, as the visitor may see it
    places_table = main.get_by_role("table", name="Activities")
    expect(places_table).to_contain_text("Joint winter patrol")
    expect(places_table).to_contain_text("43.15")  # the den, generalised
    expect(main.get_by_role("table", name="Protected areas")).to_contain_text("Hunchun")
    expect(main).to_contain_text("Hunchun – Land of the Leopard")
    # the tiles were asked for and failed; the markers stayed
    expect(page.get_by_role("status").filter(has_text="3 activities shown")).to_contain_text(
        "The background map could not be loaded; the markers are still shown."
    )
    assert failed_tiles
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    assert "43.12345" not in page.content()
    assert len(data_requests) == 1  # one compact answer, not one request per marker


def test_a_marker_opens_a_popup_with_a_link(places, page):
    page.goto("/activities/map/")
    page.get_by_role("button", name="Camera-trap check").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup.get_by_role("link", name="Camera-trap check")).to_have_attribute(
        "href", re.compile(r"^/activities/\d+/$")
    )


def test_filters_change_the_address_and_the_markers(places, page):
    data_requests = _count_data_requests(page)
    page.goto("/activities/map/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    search = page.get_by_role("search", name="Filter the activities")
    search.get_by_label("Country").select_option("CN")
    search.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/activities/map/\?.*country=CN"))
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    expect(page.get_by_role("main").get_by_role("table", name="Activities")).not_to_contain_text(
        "Leopard den survey"
    )
    assert len(data_requests) == 2 and "country=CN" in data_requests[-1]
    # the same filters follow to the list
    page.get_by_role("navigation", name="Ways to see the activities").get_by_role(
        "link", name="List"
    ).click()
    expect(page).to_have_url(re.compile(r"/activities/\?.*country=CN"))
    expect(page.get_by_label("Country")).to_have_value("CN")


def test_without_tiles_configured_the_map_still_draws(places, page, settings):
    settings.MAP_TILE_URL = ""
    page.goto("/activities/map/")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    expect(page.locator(".leaflet-tile")).to_have_count(0)


@pytest.mark.parametrize("path", ["/activities/", "/activities/map/", "/activities/?country=ZZ"])
def test_list_and_map_have_no_axe_violations(places, page, axe, path):
    response = page.goto(path)
    assert response.status == 200
    if "map" in path:
        expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    else:
        expect(page.get_by_role("main")).to_contain_text("Achieved so far")
    axe(page)


def test_the_pages_fit_a_phone(places, new_page, axe):
    page = new_page(viewport=PHONE)
    for path in ("/activities/", "/activities/map/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    expect(page.locator(".leaflet-marker-icon")).to_have_count(3)
    axe(page)
