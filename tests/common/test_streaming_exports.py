"""Big downloads in constant memory: CSV and JSON lines are written as the
rows are read, an XLSX through openpyxl's write-only sheets; /data/ downloads
are streamed responses that read their queryset in chunks."""

import csv
import io
import tracemalloc

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from openpyxl import load_workbook

from common import exports


def _rows(count):
    for index in range(count):
        yield [index, f"Patrol route {index}", "=HYPERLINK(1)", 12.5, None]


def _peak(consume, count) -> int:
    tracemalloc.start()
    try:
        consume(_rows(count))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _csv(rows):
    for _line in exports.csv_lines(["id", "name", "note", "km", "empty"], rows):
        pass


def _json(rows):
    keyed = ({"id": row[0], "name": row[1]} for row in rows)
    for _line in exports.json_lines(["id", "name"], keyed, DjangoJSONEncoder):
        pass


def _xlsx(rows):
    exports.xlsx_file([("sheet", ["id", "name", "note", "km", "empty"], rows)]).close()


@pytest.mark.parametrize("consume", [_csv, _json, _xlsx], ids=["csv", "json", "xlsx"])
def test_memory_does_not_grow_with_the_rows(consume):
    small, large = _peak(consume, 1_000), _peak(consume, 10_000)
    # Ten times the rows, not ten times the memory (a list of the rows
    # alone would take megabytes more).
    assert large < small * 1.5 + 256 * 1024, (small, large)


def test_streamed_csv_and_xlsx_hold_every_row_and_no_formula():
    text = "".join(exports.csv_lines(["id", "name", "note", "km", "empty"], _rows(3)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["0", "Patrol route 0", "'=HYPERLINK(1)", "12.5", ""]
    assert len(rows) == 4
    sheet = load_workbook(exports.xlsx_file([("s", ["id", "name", "note"], _rows(3))])).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 4
    assert values[1][2] == "=HYPERLINK(1)"
    assert sheet.cell(row=2, column=3).data_type == "s"


def test_chunks_read_a_list_or_a_queryset_a_chunk_at_a_time():
    assert [len(chunk) for chunk in exports.chunks(range(5), size=2)] == [2, 2, 1]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_data_downloads_are_streamed(client, file_format, monkeypatch):
    from tests.factories.monitoring import PatrolSummaryFactory

    monkeypatch.setattr(exports, "CHUNK_ROWS", 2)
    for _ in range(5):
        PatrolSummaryFactory()
    response = client.get(reverse("monitoring:download", args=["patrols", file_format]))
    assert response.status_code == 200
    assert response.streaming
    body = response.getvalue()
    if file_format == "csv":
        assert len(list(csv.reader(io.StringIO(body.decode())))) == 6
    elif file_format == "xlsx":
        assert load_workbook(io.BytesIO(body)).active.max_row == 6
    else:
        import json

        assert len(json.loads(body)["rows"]) == 5
