"""Monitoring data in a real browser: a centre's staff member uploads a file
with a bad row (preview and report, nothing imported), then a good one in
GB18030 (preview, then confirmed), and watches the
progress bar fill (polled by the small script, or by reloading without
JavaScript); /data/ with its charts passes axe-core on desktop and phone."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from monitoring import services
from monitoring.models import ImportJob, PopulationEstimate
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import (
    PatrolSummaryFactory,
    PopulationEstimateFactory,
    centre_staff,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER = ["species", "country", "region", "year", "estimate", "low", "high", "method", "source"]


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def centre(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    china = CountryFactory(code="CN", name="China")
    return InformationCentreFactory(
        name="Feline Research Center", host=OrganisationFactory(country=china), country=china
    )


@pytest.fixture
def staff(centre):
    return centre_staff(centre, UserFactory(full_name="Li Information Officer"))


def test_staff_import_a_file_see_the_report_then_the_figures(centre, staff, new_page, axe):
    page = new_page(session_user=staff)
    page.goto("/data/import/help/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importing monitoring figures")
    axe(page)
    page.goto("/data/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import monitoring figures")
    axe(page)

    bad = csv_bytes(
        [
            ["amur_tiger", "CN", "", "2015", "27", "", "", "camera_trapping", "Xinhua 2025"],
            ["amur_tiger", "CN", "Jilin", "2016", "10", "12", "", "camera_trapping", "s"],
        ]
    )
    page.get_by_label("The file holds").select_option("population")
    page.get_by_label("Format").select_option("csv")
    page.get_by_label(re.compile(r"^File:?$")).set_input_files(
        {"name": "figures.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Check and preview").click()
    expect(page.get_by_role("heading", name="Report: nothing was imported")).to_be_visible()
    preview = page.get_by_role("table", name="The first 2 rows and their checks")
    expect(preview.get_by_role("row").nth(1)).to_contain_text("OK")
    expect(preview.get_by_role("row").nth(2)).to_contain_text("is above the estimate")
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    refused = page.get_by_role("table", name="Refused rows")
    expect(refused).to_contain_text("The low bound (12) is above the estimate (10).")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    assert PopulationEstimate.objects.count() == 0
    axe(page)

    page.get_by_role("link", name="Import another file").click()
    # Saved by Excel on Chinese Windows: GB18030, detected.
    good = csv_bytes(
        [
            [
                "amur_tiger",
                "CN",
                "东北虎豹国家公园",
                "2015",
                "27",
                "",
                "",
                "camera_trapping",
                "新华社",
            ]
        ],
        encoding="gb18030",
    )
    page.get_by_label(re.compile(r"^File:?$")).set_input_files(
        {"name": "figures.csv", "mimeType": "text/csv", "buffer": good}
    )
    expect(page.get_by_label("Text encoding (CSV files)")).to_have_value("auto")
    page.get_by_role("button", name="Check and preview").click()
    preview = page.get_by_role("table", name="The first row and its checks")
    expect(preview).to_contain_text("东北虎豹国家公园")
    expect(page.get_by_role("main")).to_contain_text("GB18030")
    assert PopulationEstimate.objects.count() == 0
    axe(page)
    page.get_by_role("button", name="Import 1 row").click()
    expect(page.get_by_role("main")).to_contain_text("1 row was imported.")
    assert PopulationEstimate.objects.get().region == "东北虎豹国家公园"
    page.get_by_role("link", name="See the figures").click()
    expect(page.get_by_role("table", name=re.compile("Population estimates"))).to_contain_text(
        "新华社"
    )


def _pending_job(centre, staff, rows=300):
    content = csv_bytes(
        [
            ["sika_deer", "CN", f"Region {n}", "2020", "5", "", "", "transect", "s"]
            for n in range(rows)
        ]
    )
    return services.import_job_create(
        user=staff,
        centre=centre,
        kind=ImportJob.Kind.POPULATION,
        file_format=ImportJob.Format.CSV,
        upload=SimpleUploadedFile("large.csv", content),
        confirmed=True,
    )


def test_the_progress_bar_follows_a_background_import(centre, staff, new_page, axe):
    """The job waits in the queue; the script polls its status and, once the
    worker (here: the test) has run it, the page shows the result."""
    job = _pending_job(centre, staff)
    page = new_page(session_user=staff)
    page.goto(job.get_absolute_url())
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "0")
    expect(page.get_by_role("status")).to_contain_text("Waiting")
    expect(page.get_by_role("link", name="Reload to see the progress")).to_be_hidden()  # JS on
    axe(page)
    services.import_job_run(job_id=job.pk)
    expect(page.get_by_role("main")).to_contain_text("All 300 rows were imported.")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")


def test_without_javascript_the_page_reloads_itself(centre, staff, browser, live_server):
    from tests.browser.conftest import sign_in_by_cookie

    job = _pending_job(centre, staff, rows=20)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        sign_in_by_cookie(context, staff, live_server.url)
        page = context.new_page()
        page.goto(job.get_absolute_url())
        expect(page.get_by_role("link", name="Reload to see the progress")).to_be_visible()
        services.import_job_run(job_id=job.pk)
        expect(page.get_by_role("main")).to_contain_text(
            "All 20 rows were imported.", timeout=10_000
        )
    finally:
        context.close()


def test_without_javascript_a_windows_1251_file_is_previewed_then_confirmed(
    centre, staff, browser, live_server
):
    """The preview and its confirmation are a plain page and a plain form:
    a file saved by Excel on Russian Windows (Windows-1251, semicolons) is
    previewed, nothing written, then imported once confirmed."""
    from tests.browser.conftest import sign_in_by_cookie

    content = (
        ";".join(HEADER)
        + "\r\n"
        + "amur_leopard;CN;Приморье;2020;5;;;transect;«Земля леопарда»\r\n"
    ).encode("cp1251")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        sign_in_by_cookie(context, staff, live_server.url)
        page = context.new_page()
        page.goto("/data/import/")
        page.get_by_label("The file holds").select_option("population")
        page.get_by_label(re.compile(r"^File:?$")).set_input_files(
            {"name": "figures.csv", "mimeType": "text/csv", "buffer": content}
        )
        page.get_by_role("button", name="Check and preview").click()
        preview = page.get_by_role("table", name="The first row and its checks")
        expect(preview).to_contain_text("«Земля леопарда»")
        expect(preview.get_by_role("columnheader", name="region")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("Windows-1251 (detected)")
        assert PopulationEstimate.objects.count() == 0
        page.get_by_role("button", name="Import 1 row").click()
        expect(page.get_by_role("main")).to_contain_text("1 row was imported.")
        assert PopulationEstimate.objects.get().source == "«Земля леопарда»"
    finally:
        context.close()


def test_data_page_with_charts_has_no_axe_violations_and_fits_a_phone(centre, new_page, axe):
    china = centre.country
    area = ProtectedAreaFactory(name="Hunchun Nature Reserve", country=china)
    for year, tigers, leopards in ((2015, 27, 42), (2025, 70, 80)):
        PopulationEstimateFactory(centre=centre, country=china, year=year, estimate=tigers)
        PopulationEstimateFactory(
            centre=centre, country=china, year=year, estimate=leopards, species="amur_leopard"
        )
    PatrolSummaryFactory(
        centre=centre, protected_area=area, patrol_days=971, km_patrolled=Decimal(10627)
    )
    page = new_page()
    page.goto("/data/")
    expect(page.get_by_role("img", name="Amur tiger: population estimates")).to_be_visible()
    expect(page.get_by_role("img", name="Patrol days by year")).to_be_visible()
    axe(page)
    page.get_by_label("Species").select_option("amur_leopard")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"species=amur_leopard"))
    expect(page.get_by_role("img", name="Amur tiger: population estimates")).to_have_count(0)

    phone = new_page(viewport=PHONE)
    phone.goto("/data/")
    scroll_width, inner_width = phone.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, "/data/ scrolls sideways on a phone"
    axe(phone)


def test_the_page_shows_a_stuck_import_without_a_reload(centre, staff, new_page, settings):
    """The worker dies mid-run: the polled status says so and the script shows
    the page's notice; once a new run has taken the job over and finished,
    the page shows the result."""
    settings.MONITORING_IMPORT_STALE_SECONDS = 600
    job = _pending_job(centre, staff, rows=20)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, attempt=1, total=20, heartbeat_at=timezone.now()
    )
    page = new_page(session_user=staff)
    page.goto(job.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text("Checking rows")
    expect(page.get_by_role("alert")).to_have_count(0)
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(hours=1)
    )
    expect(page.get_by_role("alert")).to_contain_text(
        "This import has shown no progress for a while"
    )
    services.import_job_run(job_id=job.pk)  # the redelivered task takes it over
    expect(page.get_by_role("main")).to_contain_text("All 20 rows were imported.")
    expect(page.get_by_role("alert")).to_have_count(0)
