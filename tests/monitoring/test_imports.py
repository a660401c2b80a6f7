"""Imports: every row is checked, the report names each refused row and why,
and a file is imported whole or not at all (CSV, XLSX, SMART; inline and in
the background)."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from monitoring import services
from monitoring.models import ImportJob, PatrolSummary, PopulationEstimate
from tests.factories.monitoring import PopulationEstimateFactory

pytestmark = pytest.mark.django_db

POPULATION_HEADER = [
    "species",
    "country",
    "protected_area",
    "region",
    "year",
    "estimate",
    "low",
    "high",
    "method",
    "source",
]
GOOD_ROWS = [
    ["amur_tiger", "CN", "", "", "2015", "27", "", "", "camera_trapping", "Xinhua 2025"],
    ["Amur leopard", "cn", "", "", "2015", "42", "40", "45", "Camera trapping", "Xinhua 2025"],
    [
        "amur_leopard",
        "RU",
        "land-of-the-leopard-national-park",
        "",
        "2025",
        "120",
        "120",
        "",
        "camera_trapping",
        "Xinhua 2025",
    ],
]


def csv_bytes(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_bytes(header, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def confirmation_token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the preview has no confirmation form"
    return found.group(1)


def upload(
    client,
    centre,
    content,
    *,
    kind="population",
    file_format="csv",
    name=None,
    encoding="auto",
    confirm=True,
):
    """Upload a file as the form does; if the check ends in a preview and
    `confirm`, confirm it from the preview page as the uploader would (the
    answer to the confirmation is returned)."""
    name = name or f"figures.{'xlsx' if file_format == 'xlsx' else 'csv'}"
    response = client.post(
        reverse("monitoring:import"),
        {
            "centre": centre.pk,
            "kind": kind,
            "file_format": file_format,
            "encoding": encoding,
            "file": SimpleUploadedFile(name, content),
        },
    )
    if not confirm or response.status_code != 302:
        return response
    job = ImportJob.objects.latest("pk")
    if job.status != ImportJob.Status.PREVIEW:
        return response
    token = confirmation_token(client.get(job.get_absolute_url()).content.decode())
    return client.post(reverse("monitoring:import_job_confirm", args=[job.pk]), {"token": token})


@pytest.fixture
def places(hunchun, leopard_park):
    return hunchun, leopard_park


@pytest.fixture
def staff_client(client, cn_staff):
    client.force_login(cn_staff)
    return client


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


def latest_job() -> ImportJob:
    return ImportJob.objects.latest("pk")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_good_file_is_imported_whole(secretary_client, cn_centre, places, file_format):
    content = (csv_bytes if file_format == "csv" else xlsx_bytes)(POPULATION_HEADER, GOOD_ROWS)
    response = upload(secretary_client, cn_centre, content, file_format=file_format)
    assert response.status_code == 302, response.content.decode()[-3000:]
    job = latest_job()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.progress, job.imported) == (3, 3, 3)
    stored = PopulationEstimate.objects.order_by("year", "species")
    assert stored.count() == 3
    leopard_ru = stored.get(country__code="RU")
    assert (leopard_ru.estimate, leopard_ru.low, leopard_ru.high) == (Decimal(120), 120, None)
    assert leopard_ru.protected_area.slug == "land-of-the-leopard-national-park"
    assert all(r.centre == cn_centre and r.import_job == job for r in stored)
    page = secretary_client.get(job.get_absolute_url())
    assert "All 3 rows were imported." in page.content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["lion", "CN", "", "", "2015", "5", "", "", "camera_trapping", "s"],
            "Unknown species: lion",
        ),
        (
            ["amur_tiger", "XX", "", "", "2015", "5", "", "", "camera_trapping", "s"],
            "Unknown country: XX",
        ),
        (
            ["amur_tiger", "CN", "nowhere-park", "", "2015", "5", "", "", "camera_trapping", "s"],
            "Unknown protected area: nowhere-park",
        ),
        (
            [
                "amur_tiger",
                "CN",
                "land-of-the-leopard-national-park",
                "",
                "2015",
                "5",
                "",
                "",
                "camera_trapping",
                "s",
            ],
            "is not in China",
        ),
        (
            ["amur_tiger", "CN", "", "", "twenty", "5", "", "", "camera_trapping", "s"],
            "“year” is not a whole number: twenty",
        ),
        (
            ["amur_tiger", "CN", "", "", "1800", "5", "", "", "camera_trapping", "s"],
            "“year” must be between 1900 and 2100.",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "many", "", "", "camera_trapping", "s"],
            "“estimate” is not a number: many",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "-3", "", "", "camera_trapping", "s"],
            "“estimate” must be at least 0.",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "10", "12", "", "camera_trapping", "s"],
            "The low bound (12) is above the estimate (10).",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "10", "", "9", "camera_trapping", "s"],
            "The high bound (9) is below the estimate (10).",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "10", "", "", "guessing", "s"],
            "Unknown method: guessing",
        ),
        (
            ["amur_tiger", "CN", "", "", "", "10", "", "", "camera_trapping", ""],
            "“year” is required.",
        ),
        (
            ["amur_tiger", "CN", "", "", "2015", "10", "", "", "camera_trapping", ""],
            "“source” is required.",
        ),
    ],
)
def test_each_check_refuses_its_row_and_nothing_is_imported(
    secretary_client, cn_centre, places, row, message
):
    """One bad row among good ones: the report names it (line 3: the header is
    line 1) and says why; not even the good rows are imported."""
    rows = [GOOD_ROWS[0], row, GOOD_ROWS[2]]
    upload(secretary_client, cn_centre, csv_bytes(POPULATION_HEADER, rows))
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert [e["row"] for e in job.refused_rows] == [3]
    assert any(message in m for m in job.refused_rows[0]["messages"]), job.refused_rows
    assert PopulationEstimate.objects.count() == 0
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert "Report: nothing was imported" in page
    assert "1 row was refused" in page


def test_duplicates_of_stored_records_and_within_the_file_are_refused(
    secretary_client, cn_centre, china, places
):
    PopulationEstimateFactory(
        centre=cn_centre,
        country=china,
        species="amur_tiger",
        year=2015,
        region="",
        method="camera_trapping",
    )
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], GOOD_ROWS[1]]
    upload(secretary_client, cn_centre, csv_bytes(POPULATION_HEADER, rows))
    job = latest_job()
    assert job.refused_rows == [
        {"row": 2, "messages": ["The same record is already in the portal."]},
        {"row": 4, "messages": ["Duplicate of row 3 of this file."]},
    ]
    assert PopulationEstimate.objects.count() == 1


def test_every_refused_row_is_reported_with_all_its_reasons(secretary_client, cn_centre, places):
    rows = [
        ["lion", "XX", "", "", "abc", "x", "", "", "m", ""],
        GOOD_ROWS[0],
        ["amur_tiger", "CN", "", "", "2015", "10", "11", "", "camera_trapping", "s"],
    ]
    upload(secretary_client, cn_centre, csv_bytes(POPULATION_HEADER, rows))
    report = latest_job().refused_rows
    assert [e["row"] for e in report] == [2, 4]
    assert len(report[0]["messages"]) == 6


@pytest.mark.parametrize(
    ("content", "file_format", "message"),
    [
        (
            b"species,country\namur_tiger,CN\n",
            "csv",
            "Required columns are missing: estimate, method, source, year.",
        ),
        (b"", "csv", "The submitted file is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "csv", "The file is not a CSV text file."),
        ("species,country\n".encode("utf-16"), "csv", "not a CSV text file"),
        (b"species,year\nlion,2015\n", "xlsx", "The file is not an Excel workbook (XLSX)."),
        (b"PK\x03\x04 not really a zip", "xlsx", "The file is not an Excel workbook (XLSX)."),
    ],
)
def test_bad_files_get_a_clear_message(
    secretary_client, cn_centre, places, content, file_format, message
):
    response = upload(secretary_client, cn_centre, content, file_format=file_format)
    body = response.content.decode()
    if response.status_code == 400:  # refused at the upload: the form says why
        assert message in body.replace("&#x27;", "'")
    else:  # refused when read: the report says why
        assert response.status_code == 302
        job = latest_job()
        assert job.status == ImportJob.Status.REFUSED
        assert message in job.file_errors[0]
    assert PopulationEstimate.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(secretary_client, cn_centre, settings):
    settings.MONITORING_IMPORT_MAX_BYTES = 1024
    content = csv_bytes(POPULATION_HEADER, GOOD_ROWS * 40)
    response = upload(secretary_client, cn_centre, content)
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_patrol_summaries_from_a_smart_export(secretary_client, cn_centre, places):
    header = [
        "Conservation Area",
        "Patrol Start Date",
        "Patrol End Date",
        "Number of Patrol Days",
        "Total Distance (km)",
        "Number of Violations",
        "Team",
    ]
    rows = [
        ["Hunchun Nature Reserve", "2011-01-01", "2011-12-31", "480", "5210.5", "7", "A"],
        ["hunchun-nature-reserve", "2012-01-01", "2012-03-31", "120", "1300", "2", "B"],
    ]
    response = upload(
        secretary_client,
        cn_centre,
        csv_bytes(header, rows),
        kind="patrol",
        file_format="smart",
        name="smart-export.csv",
    )
    assert response.status_code == 302
    job = latest_job()
    assert job.status == ImportJob.Status.DONE, job.report
    first = PatrolSummary.objects.order_by("period_end").first()
    assert (first.patrol_days, first.km_patrolled, first.violations_recorded) == (
        480,
        Decimal("5210.5"),
        7,
    )
    assert first.source == "SMART export: smart-export.csv"
    assert first.snares_removed == 0


def test_a_smart_export_missing_distance_is_refused(secretary_client, cn_centre, places):
    header = ["Conservation Area", "Patrol End Date", "Number of Patrol Days"]
    upload(
        secretary_client,
        cn_centre,
        csv_bytes(header, [["Hunchun Nature Reserve", "2012-03-31", "5"]]),
        kind="patrol",
        file_format="smart",
    )
    assert latest_job().file_errors == ["Required columns are missing: km_patrolled."]


def test_patrol_rows_are_checked(secretary_client, cn_centre, places):
    header = [
        "protected_area",
        "period_start",
        "period_end",
        "patrol_days",
        "km_patrolled",
        "source",
        "latitude",
    ]
    rows = [
        ["Atlantis", "2012-05-01", "2012-04-01", "-1", "x", "s", "43.1"],
    ]
    upload(secretary_client, cn_centre, csv_bytes(header, rows), kind="patrol")
    messages = latest_job().refused_rows[0]["messages"]
    assert "Unknown protected area: Atlantis" in messages
    assert "The period ends before it starts." in messages
    assert "“km_patrolled” is not a number: x" in messages
    assert any("patrol_days" in m for m in messages)


def test_staff_import_only_for_their_own_centre(client, cn_staff, cn_centre, ru_centre, places):
    client.force_login(cn_staff)
    page = client.get(reverse("monitoring:import")).content.decode()
    assert cn_centre.name in page and ru_centre.name not in page
    response = upload(client, ru_centre, csv_bytes(POPULATION_HEADER, GOOD_ROWS))
    assert response.status_code == 400  # not a choice they have
    assert not ImportJob.objects.exists()
    response = upload(client, cn_centre, csv_bytes(POPULATION_HEADER, GOOD_ROWS))
    assert latest_job().status == ImportJob.Status.DONE


def test_others_may_not_import_or_follow_imports(
    client, cn_partner, ru_staff, cn_staff, cn_centre, places
):
    assert client.get(reverse("monitoring:import")).status_code == 302  # to sign in
    client.force_login(cn_partner)
    assert client.get(reverse("monitoring:import")).status_code == 403
    client.force_login(cn_staff)
    upload(client, cn_centre, csv_bytes(POPULATION_HEADER, GOOD_ROWS))
    job = latest_job()
    client.force_login(ru_staff)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("monitoring:import_job_status", args=[job.pk])).status_code == 404


def test_the_service_refuses_a_centre_outside_the_scope(ru_staff, cn_centre):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_job_create(
            user=ru_staff,
            centre=cn_centre,
            kind="population",
            file_format="csv",
            upload=SimpleUploadedFile("a.csv", csv_bytes(POPULATION_HEADER, GOOD_ROWS)),
        )


def test_a_large_file_is_imported_in_the_background_with_progress(
    secretary_client, cn_centre, places, settings, django_capture_on_commit_callbacks
):
    """Past the inline limit the upload only queues the task (run eagerly here
    once the request commits); the status endpoint follows the job through
    its check (the preview), the confirmation and the import."""
    settings.MONITORING_IMPORT_INLINE_BYTES = 10
    rows = [
        ["amur_tiger", "CN", "", f"Region {n}", "2015", "5", "", "", "camera_trapping", "s"]
        for n in range(1200)
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(secretary_client, cn_centre, csv_bytes(POPULATION_HEADER, rows), confirm=False)
    job = latest_job()
    assert job.status == ImportJob.Status.PENDING
    status_url = reverse("monitoring:import_job_status", args=[job.pk])
    waiting = secretary_client.get(status_url).json()
    assert (waiting["status"], waiting["finished"], waiting["percent"]) == ("pending", False, 0)
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert '<progress id="import-progress-bar" max="100" value="0">' in page
    assert 'http-equiv="refresh"' in page  # the no-JS fallback
    assert "import-progress.js" in page
    assert len(callbacks) == 1
    callbacks[0]()  # the task, run by the eager Celery app: the check
    checked = secretary_client.get(status_url).json()
    assert (checked["status"], checked["finished"], checked["awaits_confirmation"]) == (
        "preview",
        True,
        True,
    )
    assert PopulationEstimate.objects.count() == 0
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page and "import-progress.js" not in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = secretary_client.post(
            reverse("monitoring:import_job_confirm", args=[job.pk]),
            {"token": confirmation_token(page)},
        )
    assert response.status_code == 302
    assert secretary_client.get(status_url).json()["status"] == "pending"
    assert len(callbacks) == 1
    callbacks[0]()  # the task again: the import
    done = secretary_client.get(status_url).json()
    assert done == {
        "id": job.pk,
        "status": "done",
        "status_label": "Imported",
        "finished": True,
        "awaits_confirmation": False,
        "total": 1200,
        "progress": 1200,
        "percent": 100,
        "imported": 1200,
        "refused_rows": 0,
        "stuck": False,
        "url": job.get_absolute_url(),
    }
    assert PopulationEstimate.objects.count() == 1200
    page = secretary_client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in page and "import-progress.js" not in page


def test_the_task_imports_once_when_delivered_twice(secretary, cn_centre, places):
    from monitoring.tasks import import_run

    job = services.import_job_create(
        user=secretary,
        centre=cn_centre,
        kind="population",
        file_format="csv",
        upload=SimpleUploadedFile("a.csv", csv_bytes(POPULATION_HEADER, GOOD_ROWS)),
        confirmed=True,
    )
    import_run.delay(job.pk)
    import_run.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert PopulationEstimate.objects.count() == 3


def test_progress_is_reported_while_rows_are_checked(secretary, cn_centre, places):
    from monitoring import imports

    seen = []
    rows = [
        ["amur_tiger", "CN", "", f"R{n}", "2015", "5", "", "", "camera_trapping", "s"]
        for n in range(25)
    ]
    result = imports.check_rows(
        kind="population",
        file_format="csv",
        headers=POPULATION_HEADER,
        rows=rows,
        on_progress=seen.append,
        progress_every=10,
    )
    assert seen == [10, 20]
    assert len(result.records) == 25 and result.errors == []


def test_checking_a_file_costs_the_same_queries_for_10x_rows(cn_centre, places):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring import imports

    def rows(n):
        return [
            [
                "amur_tiger",
                "CN",
                "hunchun-nature-reserve",
                "",
                str(1901 + i % 150),
                "5",
                "",
                "",
                "camera_trapping",
                "s",
            ]
            for i in range(n)
        ]

    with CaptureQueriesContext(connection) as small:
        imports.check_rows(
            kind="population", file_format="csv", headers=POPULATION_HEADER, rows=rows(20)
        )
    with CaptureQueriesContext(connection) as large:
        imports.check_rows(
            kind="population", file_format="csv", headers=POPULATION_HEADER, rows=rows(200)
        )
    assert len(large) == len(small)


def test_templates_and_help_document_every_column(client):
    from monitoring.imports import COLUMNS, SMART_MAPPING

    help_page = client.get(reverse("monitoring:import_help")).content.decode()
    for kind, columns in COLUMNS.items():
        template = client.get(reverse("monitoring:import_template", args=[kind, "csv"]))
        assert template.status_code == 200
        header = next(csv.reader(io.StringIO(template.getvalue().decode())))
        assert header == [c.name for c in columns]
        for column in columns:
            assert f"<code>{column.name}</code>" in help_page
        xlsx = client.get(reverse("monitoring:import_template", args=[kind, "xlsx"]))
        assert xlsx.getvalue().startswith(b"PK")
    for outside, _inside, _note in SMART_MAPPING:
        assert outside in help_page
    assert client.get("/data/import/template/other.csv").status_code == 404


def test_the_downloaded_template_imports_as_it_is(secretary_client, cn_centre, places, client):
    """The example row of each template is valid data."""
    for kind, name in (("population", "p"), ("patrol", "q")):
        content = secretary_client.get(
            reverse("monitoring:import_template", args=[kind, "xlsx"])
        ).getvalue()
        upload(
            secretary_client, cn_centre, content, kind=kind, file_format="xlsx", name=f"{name}.xlsx"
        )
        assert latest_job().status == ImportJob.Status.DONE, latest_job().report


def test_a_one_line_cell_on_two_lines_refuses_its_row(secretary_client, cn_centre, places):
    """A source or region is one line (as on the forms and in the API); the
    notes may hold several."""
    header = [*POPULATION_HEADER, "notes"]
    rows = [
        [*GOOD_ROWS[0][:9], "Xinhua\r\nBcc: x@evil.example", ""],
        [*GOOD_ROWS[1][:3], "Jilin\tEast", *GOOD_ROWS[1][4:], "First line.\nSecond line."],
    ]
    response = upload(secretary_client, cn_centre, csv_bytes(header, rows))
    assert response.status_code == 302
    job = latest_job()
    assert job.status == ImportJob.Status.REFUSED
    assert [error["row"] for error in job.report["errors"]] == [2, 3]
    for error in job.report["errors"]:
        assert any("must be on a single line" in message for message in error["messages"])
    assert PopulationEstimate.objects.count() == 0
