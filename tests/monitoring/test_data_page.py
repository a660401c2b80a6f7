"""/data/: filters in the address, charts with a data table, downloads of
exactly the rows shown, embargo and sensitive points respected everywhere,
fixed query counts, the public page cache and its invalidation."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from common.geo import generalise
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

pytestmark = pytest.mark.django_db

DATA = "/data/"


@pytest.fixture
def figures(cn_centre, ru_centre, china, russia, hunchun, leopard_park, tomorrow):
    """The seeds' figures, one embargoed record and one sensitive point."""
    make = PopulationEstimateFactory
    return {
        "tiger_cn_2015": make(
            centre=cn_centre, country=china, species="amur_tiger", year=2015, estimate=Decimal(27)
        ),
        "tiger_cn_2025": make(
            centre=cn_centre, country=china, species="amur_tiger", year=2025, estimate=Decimal(70)
        ),
        "leopard_cn_2015": make(
            centre=cn_centre, country=china, species="amur_leopard", year=2015, estimate=Decimal(42)
        ),
        "leopard_ru_2025": make(
            centre=ru_centre,
            country=russia,
            species="amur_leopard",
            protected_area=leopard_park,
            year=2025,
            estimate=Decimal(120),
            low=Decimal(120),
            latitude=Decimal("43.12345"),
            longitude=Decimal("131.45678"),
            location_sensitive=True,
        ),
        "embargoed": make(
            centre=cn_centre,
            country=china,
            species="amur_tiger",
            year=2026,
            estimate=Decimal(999),
            embargo_until=tomorrow,
        ),
        "patrol": PatrolSummaryFactory(
            centre=cn_centre,
            protected_area=hunchun,
            period_start=None,
            period_end="2012-03-31",
            patrol_days=971,
            km_patrolled=Decimal(10627),
            source="NEASPEC 2012, §43",
        ),
    }


def download(client, dataset, file_format, query=""):
    url = reverse("monitoring:download", args=[dataset, file_format]) + (
        f"?{query}" if query else ""
    )
    response = client.get(url)
    assert response.status_code == 200, response.getvalue()[:300]
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    if file_format == "json":
        return json.loads(response.getvalue())["rows"]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def table_rows(html: str, caption: str) -> int:
    start = html.index(caption)
    end = html.index("</tbody>", start)
    return html[start:end].count("<tr>") - 1  # minus the header row


def test_the_page_shows_charts_tables_and_sources(client, figures):
    response = client.get(DATA)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="chart"') == 4  # tiger, leopard, patrol days, km
    assert '<title id="chart-amur_tiger-title">Amur tiger: population estimates</title>' in html
    assert 'aria-labelledby="chart-amur_tiger-title chart-amur_tiger-desc"' in html
    assert table_rows(html, "Population estimates (the figures of the charts)") == 4
    assert "Xinhua, 19 December 2025" in html and "NEASPEC 2012, §43" in html
    assert 'src="http' not in html and "<script" not in html.split("</main>")[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"tiger_cn_2015", "tiger_cn_2025", "leopard_cn_2015", "leopard_ru_2025"}),
        ("species=amur_tiger", {"tiger_cn_2015", "tiger_cn_2025"}),
        ("country=RU", {"leopard_ru_2025"}),
        ("area=land-of-the-leopard-national-park", {"leopard_ru_2025"}),
        ("year_from=2020", {"tiger_cn_2025", "leopard_ru_2025"}),
        ("year_to=2015&country=CN", {"tiger_cn_2015", "leopard_cn_2015"}),
        ("species=amur_leopard&year_from=2015&year_to=2015", {"leopard_cn_2015"}),
    ],
)
def test_filters_select_the_same_rows_in_the_table_and_every_download(
    client, figures, query, expected
):
    html = client.get(f"{DATA}?{query}").content.decode()
    shown = len(expected)
    if shown:
        assert table_rows(html, "Population estimates (the figures of the charts)") == shown
    expected_rows = {
        (figures[name].species, figures[name].year, figures[name].estimate) for name in expected
    }
    for file_format in ("csv", "xlsx", "json"):
        rows = download(client, "population", file_format, query)
        got = {(r["species"], int(r["year"]), Decimal(str(r["estimate"]))) for r in rows}
        assert got == expected_rows, file_format
    if query:  # the download links keep the filters
        assert f"/data/population.csv?{query.replace('&', '&amp;')}" in html


def test_patrol_downloads_match_the_patrol_table(client, figures):
    html = client.get(DATA).content.decode()
    assert table_rows(html, "Patrol summaries</caption>") == 1
    for file_format in ("csv", "xlsx", "json"):
        (row,) = download(client, "patrols", file_format)
        assert int(row["patrol_days"]) == 971
        assert Decimal(str(row["km_patrolled"])) == 10627
        assert row["source"] == "NEASPEC 2012, §43"


@pytest.mark.parametrize(
    "query",
    [
        "year_from=abc",
        "year_from=1700",
        "year_to=2500",
        "species=lion",
        "country=ZZ",
        "area=atlantis",
        "year_from=2020&year_to=2010",
    ],
)
def test_bad_filters_get_400_with_a_message(client, figures, query):
    response = client.get(f"{DATA}?{query}")
    assert response.status_code == 400
    assert 'class="errors" role="alert"' in response.content.decode()
    download_response = client.get(f"/data/population.csv?{query}")
    assert download_response.status_code == 400
    assert download_response.json()["errors"]


def test_unknown_download_formats_are_404(client):
    assert client.get("/data/population.pdf").status_code == 404
    assert client.get("/data/secrets.csv").status_code == 404


@pytest.mark.parametrize(
    ("who", "sees"), [(None, False), ("ru_staff", False), ("cn_staff", True), ("secretary", True)]
)
def test_embargoed_figures_appear_only_for_their_centre(client, figures, request, who, sees):
    if who:
        client.force_login(request.getfixturevalue(who))
    html = client.get(DATA).content.decode()
    assert ("999" in html) is sees
    years = {int(r["year"]) for r in download(client, "population", "csv")}
    assert (2026 in years) is sees
    assert (2026 in {int(r["year"]) for r in download(client, "population", "json")}) is sees


def test_sensitive_points_are_generalised_in_the_page_and_downloads(client, figures, ru_staff):
    exact_latitude, exact_longitude = "43.12345", "131.45678"
    rough = f"{generalise(Decimal(exact_latitude))}, {generalise(Decimal(exact_longitude))}"
    html = client.get(DATA).content.decode()
    assert exact_latitude not in html and rough in html
    for file_format in ("csv", "xlsx", "json"):
        row = next(r for r in download(client, "population", file_format) if r["country"] == "RU")
        assert str(row["latitude"]) == str(generalise(Decimal(exact_latitude)))
        assert row["location_exact"] in (False, "False")
    client.force_login(ru_staff)  # the record's own centre
    assert exact_latitude in client.get(DATA).content.decode()
    row = next(r for r in download(client, "population", "json") if r["country"] == "RU")
    assert row["latitude"] == exact_latitude and row["location_exact"] is True


def _count(client, url):
    client.get(url)  # the reader's unread count and the like, kept from now on
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more(n, cn_centre, ru_centre, china, russia, hunchun):
    for i in range(n):
        PopulationEstimateFactory(
            centre=cn_centre,
            country=china,
            region=f"More {i}",
            latitude=Decimal("43.1"),
            longitude=Decimal("131.1"),
            location_sensitive=bool(i % 2),
        )
        PopulationEstimateFactory(centre=ru_centre, country=russia, species="wild_boar")
        PatrolSummaryFactory(
            centre=cn_centre,
            protected_area=hunchun,
            latitude=Decimal("43.1"),
            longitude=Decimal("131.1"),
            location_sensitive=True,
        )


@pytest.mark.parametrize("who", [None, "cn_partner", "cn_staff", "secretary"])
def test_query_counts_do_not_grow_with_the_data(
    client, request, who, cn_centre, ru_centre, china, russia, hunchun
):
    if who:
        client.force_login(request.getfixturevalue(who))
    _more(3, cn_centre, ru_centre, china, russia, hunchun)
    urls = [
        DATA,
        f"{DATA}?species=amur_tiger&year_from=1900",
        "/data/population.csv",
        "/data/patrols.json",
        "/data/population.xlsx?country=CN",
    ]
    small = {url: _count(client, url) for url in urls}
    _more(30, cn_centre, ru_centre, china, russia, hunchun)
    large = {url: _count(client, url) for url in urls}
    assert large == small


def test_anonymous_pages_are_cached_and_retired_on_change(client, figures, settings, china):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    first = client.get(DATA)
    assert first["X-Page-Cache"] == "miss"
    assert client.get(DATA)["X-Page-Cache"] == "hit"
    PopulationEstimateFactory(
        centre=figures["tiger_cn_2015"].centre,
        country=china,
        species="wild_boar",
        year=2020,
        estimate=Decimal(4321),
    )
    fresh = client.get(DATA)
    assert fresh["X-Page-Cache"] == "miss"
    assert "4,321" in fresh.content.decode() or "4321" in fresh.content.decode()


def test_an_import_retires_cached_pages(
    client, figures, settings, secretary, cn_centre, django_capture_on_commit_callbacks
):
    """bulk_create sends no post_save: the import retires the cache itself."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring import services

    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    client.get(DATA)
    assert client.get(DATA)["X-Page-Cache"] == "hit"
    content = b"species,country,year,estimate,method,source\nsika_deer,CN,2019,5555,transect,s\n"
    job = services.import_job_create(
        user=secretary,
        centre=cn_centre,
        kind="population",
        file_format="csv",
        upload=SimpleUploadedFile("a.csv", content),
        confirmed=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_run(job_id=job.pk)
    fresh = client.get(DATA)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Sika deer" in fresh.content.decode()


def test_the_home_page_shows_the_latest_estimate_per_cat_and_country(client, figures):
    html = client.get("/").content.decode()
    start = html.index('id="populations-title"')
    section = html[start : html.index("</section>", start)]
    assert "<strong>70</strong> Amur tiger, China (2025)" in section
    assert "<strong>42</strong> Amur leopard, China (2015)" in section
    assert "Land of the Leopard National Park (2025)" in section
    assert "over 120" in section
    assert "999" not in section  # embargoed
    assert "Source: Xinhua, 19 December 2025" in section


@pytest.mark.django_db
def test_the_patrol_table_lists_the_most_recent_and_counts_them_all(client, monkeypatch):
    """A centre may import thousands of summaries: the page lists the most
    recent ones, the count, totals and downloads cover every row."""
    from monitoring import views

    monkeypatch.setattr(views, "PATROL_ROWS_SHOWN", 3)
    centre = InformationCentreFactory()
    area = ProtectedAreaFactory()
    for year in (2014, 2015, 2016, 2017, 2018):
        PatrolSummaryFactory(
            centre=centre,
            protected_area=area,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            source=f"Patrol log {year}",
        )
    page = client.get("/data/").content.decode()
    table = page[page.index('id="table-3-caption"') :]
    assert "5 patrol summaries" in page and "the 3 most recent" in page
    for year in (2016, 2017, 2018):
        assert f"Patrol log {year}" in table
    assert "Patrol log 2014" not in table and "Patrol log 2015" not in table
    assert client.get("/data/patrols.csv").getvalue().decode().count("Patrol log") == 5
