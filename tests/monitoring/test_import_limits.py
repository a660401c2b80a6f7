"""Imports are bounded before they are read: a workbook's unzipped size and
declared dimension are checked before any row is, rows are read streaming,
and the reading stops at the row, column and cell limits with a clear
message, in the web request and in the worker alike. Nothing is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring import imports, services
from monitoring.models import ImportJob, PopulationEstimate
from tests.monitoring.test_imports import (
    GOOD_ROWS,
    POPULATION_HEADER,
    csv_bytes,
    latest_job,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def places(hunchun, leopard_park):
    return hunchun, leopard_park


def _sheet_xml(rows: int, columns: int, dimension: str | None) -> bytes:
    """A sheet of rows x columns numeric cells, written without openpyxl
    (fast): the cells carry no reference, which Excel and openpyxl allow."""
    row = "<c><v>7</v></c>" * columns
    body = "".join(f'<row r="{n}">{row}</row>' for n in range(1, rows + 1))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{declared}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def bomb(rows=20_000, columns=100, *, dimension="auto") -> bytes:
    """A small zip holding a huge sheet: a real workbook whose first sheet is
    replaced by `rows` x `columns` cells (20,000 x 100 is about 240 KB zipped
    and 36 MB unzipped)."""
    if dimension == "auto":
        from openpyxl.utils import get_column_letter

        dimension = f"A1:{get_column_letter(columns)}{rows}"
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(["a"], [])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _sheet_xml(rows, columns, dimension)
            target.writestr(info.filename, data)
    return out.getvalue()


def test_a_small_zip_declaring_a_huge_sheet_is_refused_at_the_upload(
    secretary_client, cn_centre, places, monkeypatch
):
    """20,000 rows x 100 cells in a ~240 KB file: refused by its declared
    dimension before a row is read; no job, no record."""
    content = bomb()
    assert len(content) < 400 * 1024

    def no_row_reading(*args, **kwargs):
        raise AssertionError("rows were read")

    monkeypatch.setattr(imports, "_xlsx_rows", no_row_reading)
    response = upload(secretary_client, cn_centre, content, file_format="xlsx")
    assert response.status_code == 400
    body = response.content.decode()
    assert "The sheet declares 20000 rows of 100 columns" in body
    assert not ImportJob.objects.exists()
    assert not PopulationEstimate.objects.exists()


def test_the_worker_applies_the_same_limits(secretary, cn_centre, places):
    """A file already stored (limits lowered since, or stored by another
    path) is refused by the run with the same message; nothing imported."""
    good = xlsx_bytes(POPULATION_HEADER, GOOD_ROWS)
    job = services.import_job_create(
        user=secretary,
        centre=cn_centre,
        kind="population",
        file_format="xlsx",
        upload=SimpleUploadedFile("a.xlsx", good),
        confirmed=True,
    )
    job.file.save("big.xlsx", io.BytesIO(bomb()), save=True)
    services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED
    assert "The sheet declares 20000 rows of 100 columns" in job.file_errors[0]
    assert not PopulationEstimate.objects.exists()


@pytest.mark.parametrize("dimension", [None, "A1:A1"])
def test_without_a_true_dimension_the_reading_stops_at_the_column_limit(dimension):
    """A sheet that declares no dimension, or a false one, is refused at its
    first row wider than the column limit. (Without a dimension openpyxl
    scans the sheet once when it opens it: bounded by the unzipped size, and
    in the worker, as such a file is not run in the web request.)"""
    with pytest.raises(imports.FileRefused, match="more than 50 columns"):
        imports.read_table(io.BytesIO(bomb(500, 100, dimension=dimension)), "xlsx")


@pytest.mark.parametrize("dimension", [None, "A1:E2"])
def test_without_a_true_dimension_the_reading_stops_at_the_row_limit(settings, dimension):
    settings.MONITORING_IMPORT_MAX_ROWS = 100
    with pytest.raises(imports.FileRefused, match="more than 100 rows"):
        imports.read_table(io.BytesIO(bomb(5000, 5, dimension=dimension)), "xlsx")


def test_the_cell_limit_holds_for_a_sheet_and_its_declaration(settings):
    settings.MONITORING_IMPORT_MAX_CELLS = 1000
    with pytest.raises(imports.FileRefused, match="The sheet declares 300 rows of 5 columns"):
        imports.read_table(io.BytesIO(bomb(300, 5)), "xlsx")
    with pytest.raises(imports.FileRefused, match="more than 1000 filled cells"):
        imports.read_table(io.BytesIO(bomb(300, 5, dimension=None)), "xlsx")


def test_the_unzipped_size_is_checked_before_the_workbook_is_opened(settings, monkeypatch):
    settings.MONITORING_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("openpyxl opened the file")

    monkeypatch.setattr("openpyxl.load_workbook", no_openpyxl)
    with pytest.raises(imports.FileRefused, match=r"unpacks to \d+ MB; the limit is 1 MB"):
        imports.read_table(io.BytesIO(bomb(2000, 50)), "xlsx")


def test_a_csv_is_bounded_alike(settings):
    settings.MONITORING_IMPORT_MAX_ROWS = 10
    tall = csv_bytes(POPULATION_HEADER, GOOD_ROWS * 10)
    with pytest.raises(imports.FileRefused, match="more than 10 rows"):
        imports.read_table(io.BytesIO(tall), "csv")
    wide = csv_bytes(POPULATION_HEADER + [f"extra{n}" for n in range(60)], GOOD_ROWS)
    with pytest.raises(imports.FileRefused, match="more than 50 columns"):
        imports.read_table(io.BytesIO(wide), "csv")
    settings.MONITORING_IMPORT_MAX_ROWS = 100
    settings.MONITORING_IMPORT_MAX_CELLS = 50
    with pytest.raises(imports.FileRefused, match="more than 50 filled cells"):
        imports.read_table(io.BytesIO(tall), "csv")


def test_files_within_the_limits_are_read_whole(settings):
    """The limits themselves are allowed; blank rows and empty columns past
    the data do not count."""
    settings.MONITORING_IMPORT_MAX_ROWS = len(GOOD_ROWS)
    for file_format, build in (("csv", csv_bytes), ("xlsx", xlsx_bytes)):
        headers, rows, _decimal_comma = imports.read_table(
            io.BytesIO(build(POPULATION_HEADER, GOOD_ROWS)), file_format
        )
        assert headers == POPULATION_HEADER
        assert len(rows) == len(GOOD_ROWS)


def test_a_workbook_small_zipped_but_large_unzipped_runs_in_the_background(
    secretary_client, cn_centre, places, settings, django_capture_on_commit_callbacks
):
    """Whether an import runs in the web request is decided by the unzipped
    size of a workbook, not by its zipped size."""
    rows = [
        ["amur_tiger", "CN", "", f"Region {n}", "2015", "5", "", "", "camera_trapping", "s"]
        for n in range(300)
    ]
    content = xlsx_bytes(POPULATION_HEADER, rows)
    unpacked = imports.unpacked_size(io.BytesIO(content), "xlsx")
    assert len(content) < unpacked
    settings.MONITORING_IMPORT_INLINE_BYTES = (len(content) + unpacked) // 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(secretary_client, cn_centre, content, file_format="xlsx")
    assert response.status_code == 302
    assert latest_job().status == ImportJob.Status.PENDING
    assert len(callbacks) == 1
