"""CSV and XLSX downloads of the filtered list: same columns, same totals,
a dated attachment, UTF-8 with a byte-order mark, no formulas from text."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from activities.models import Activity, Report
from tests.factories import CountryFactory, OrganisationFactory
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ReportFactory,
)
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db

CSV = reverse("activities:export_csv")
XLSX = reverse("activities:export_xlsx")


@pytest.fixture
def exported():
    days = IndicatorTypeFactory(slug="patrol-days", name="Patrol days", unit="days", sort_order=1)
    km = IndicatorTypeFactory(slug="km-patrolled", name="Km patrolled", unit="km", sort_order=2)
    pair = CrossBorderPairFactory(name="Hunchun – Land of the Leopard")
    patrol = ActivityFactory(
        title="Совместное патрулирование",
        countries=[CountryFactory(code="CN"), CountryFactory(code="RU")],
        lead_organisation=OrganisationFactory(name="珲春自然保护区"),
        group=WorkingGroupFactory(name="Anti-poaching coordination"),
        protected_areas=[pair.first, pair.second],
        status=Activity.Status.COMPLETED,
        starts_on=datetime.date(2024, 1, 5),
        ends_on=datetime.date(2024, 2, 25),
        latitude=Decimal("43.40000"),
        longitude=Decimal("130.90000"),
    )
    IndicatorFactory(activity=patrol, indicator_type=days, planned=900, achieved=971)
    IndicatorFactory(activity=patrol, indicator_type=km, planned=10000, achieved=Decimal("10627"))
    ReportFactory(activity=patrol, status=Report.Status.ACCEPTED)
    ActivityFactory(
        title='=HYPERLINK("http://evil.example")',
        countries=[CountryFactory(code="MN")],
        latitude=None,
        longitude=None,
    )
    return patrol


def _csv(client, query=""):
    response = client.get(CSV + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    return response, list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx(client, query=""):
    response = client.get(XLSX + query)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return response, load_workbook(io.BytesIO(response.content))


def _cells(row):
    return ["" if value is None else value for value in row]


def test_both_downloads_are_dated_attachments(client, exported):
    # dated in the viewer's time zone, which may already be tomorrow in UTC terms
    import datetime

    today = timezone.now().astimezone(datetime.UTC).date()
    days = {f"{today + datetime.timedelta(days=d):%Y-%m-%d}" for d in (-1, 0, 1)}
    response, _ = _csv(client)
    assert response["Content-Disposition"] in {
        f'attachment; filename="activities-{day}.csv"' for day in days
    }
    response, _ = _xlsx(client)
    assert response["Content-Disposition"] in {
        f'attachment; filename="activities-{day}.xlsx"' for day in days
    }


def test_csv_rows_carry_every_column(client, exported):
    _, rows = _csv(client, "?country=RU")
    assert rows[0] == [
        "id",
        "title",
        "type",
        "status",
        "action area",
        "cooperation level",
        "start",
        "end",
        "countries",
        "lead organisation",
        "working group",
        "protected areas",
        "latitude",
        "longitude",
        "location",
        "Patrol days: planned",
        "Patrol days: achieved",
        "Km patrolled: planned",
        "Km patrolled: achieved",
    ]
    pair_areas = ", ".join(sorted(area.name for area in exported.protected_areas.all()))
    assert rows[1] == [
        str(exported.pk),
        "Совместное патрулирование",
        "Joint anti-poaching patrol",
        "Completed",
        "Maintaining the species and prey populations",
        "Collaboration",
        "2024-01-05",
        "2024-02-25",
        "China, Russian Federation",
        "珲春自然保护区",
        "Anti-poaching coordination",
        pair_areas,
        "43.40000",
        "130.90000",
        "exact",
        "900",
        "971",
        "10000",
        "10627",
    ]
    assert rows[2] == []  # a blank row, then the totals


def _trimmed(row):
    row = ["" if value is None else value for value in row]
    while row and row[-1] == "":
        row.pop()
    return row


def _same(csv_value, xlsx_value):
    """One cell, as CSV text and as a typed XLSX value."""
    if isinstance(xlsx_value, datetime.datetime):
        return csv_value == xlsx_value.date().isoformat()
    if isinstance(xlsx_value, float):
        return float(csv_value) == xlsx_value
    return csv_value == str(xlsx_value)


def test_csv_and_xlsx_have_the_same_columns_rows_and_totals(client, exported):
    _, rows = _csv(client)
    _, workbook = _xlsx(client)
    assert workbook.sheetnames == ["Activities", "Totals"]
    sheet = [_trimmed(row) for row in workbook["Activities"].iter_rows(values_only=True)]
    blank = rows.index([])
    assert blank == len(sheet) == 3
    assert sheet[0] == rows[0]
    for csv_row, xlsx_row in zip(rows[1:blank], sheet[1:], strict=True):
        csv_row = _trimmed(csv_row)
        assert len(csv_row) == len(xlsx_row)
        for csv_value, xlsx_value in zip(csv_row, xlsx_row, strict=True):
            # CSV guards text that looks like a formula with an apostrophe
            assert _same(csv_value.removeprefix("'"), xlsx_value), (csv_value, xlsx_value)
    assert isinstance(sheet[1][6], datetime.datetime)  # dates stay dates in XLSX

    csv_totals = [_trimmed(row) for row in rows[blank + 1 :]]
    xlsx_totals = [
        [str(value) for value in _trimmed(row)]
        for row in workbook["Totals"].iter_rows(values_only=True)
    ]
    assert csv_totals == xlsx_totals  # blocks, blank rows between them and all
    for row in (
        ["Achieved in accepted reports"],
        ["", "Patrol days", "Km patrolled"],
        ["All", "971", "10627"],
        ["Achieved, by country"],
        ["Russian Federation", "971", "10627"],
        ["2024", "971", "10627"],
        ["Maintaining the species and prey populations", "971", "10627"],
        ["Hunchun – Land of the Leopard", "971", "10627"],
    ):
        assert row in csv_totals, row


def test_exports_follow_the_filters(client, exported):
    _, rows = _csv(client, "?country=MN")
    assert [row[1] for row in rows[1 : rows.index([])]] == ['\'=HYPERLINK("http://evil.example")']
    _, workbook = _xlsx(client, "?country=CN&year=2024")
    titles = [row[1] for row in workbook["Activities"].iter_rows(min_row=2, values_only=True)]
    assert titles == ["Совместное патрулирование"]


def test_text_never_becomes_a_formula(client, exported):
    _, rows = _csv(client, "?country=MN")
    assert rows[1][1].startswith("'=")
    _, workbook = _xlsx(client, "?country=MN")
    cell = workbook["Activities"]["B2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://evil.example")'


def test_both_are_linked_from_the_list_with_its_filters(client, exported):
    body = client.get(reverse("activities:list") + "?country=RU").content.decode()
    assert f'href="{CSV}?country=RU"' in body
    assert f'href="{XLSX}?country=RU"' in body


def test_an_export_without_accepted_reports_says_so(client):
    ActivityFactory()
    _, rows = _csv(client)
    assert rows[-1] == ["No accepted report yet: nothing achieved to total."]
