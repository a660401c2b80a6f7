"""CSV and XLSX exports of the (filtered) activity list.

Both formats carry the same columns and the same totals block; the points are
the ones the user may see (`selectors.points_for`): a sensitive point is
generalised for anyone not entitled to it, here as everywhere else.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exports import XLSX_TYPE, safe_cell

from .models import Activity, IndicatorType
from .selectors import points_for
from .totals import Totals, with_unit


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def header(types: list[IndicatorType]) -> list[str]:
    columns = [
        _("id"),
        _("title"),
        _("type"),
        _("status"),
        _("action area"),
        _("cooperation level"),
        _("start"),
        _("end"),
        _("countries"),
        _("lead organisation"),
        _("working group"),
        _("protected areas"),
        _("latitude"),
        _("longitude"),
        _("location"),
    ]
    for kind in types:
        columns += [
            _("%(indicator)s: planned") % {"indicator": kind},
            _("%(indicator)s: achieved") % {"indicator": kind},
        ]
    return columns


def rows(activities: Iterable[Activity], user, types: list[IndicatorType]) -> list[list]:
    """One row per activity: text, dates and numbers (formatted per format)."""
    activities = list(activities)
    points = points_for(user, activities)
    result = []
    for activity in activities:
        point = points[activity.pk]
        if point is None:
            latitude = longitude = location = None
        else:
            latitude, longitude, exact = point
            location = _("exact") if exact else _("generalised")
        indicators = {i.indicator_type_id: i for i in activity.indicators.all()}
        row = [
            activity.pk,
            activity.local_name,
            activity.get_kind_display(),
            activity.get_status_display(),
            activity.get_action_area_display(),
            activity.get_cooperation_display(),
            activity.starts_on,
            activity.ends_on,
            ", ".join(str(country) for country in activity.countries.all()),
            activity.lead_organisation.local_name,
            activity.group.local_name if activity.group else "",
            ", ".join(area.local_name for area in activity.protected_areas.all()),
            latitude,
            longitude,
            location,
        ]
        for kind in types:
            indicator = indicators.get(kind.pk)
            row += [
                _number(indicator.planned) if indicator else None,
                _number(indicator.achieved) if indicator else None,
            ]
        result.append(row)
    return result


def totals_blocks(totals: Totals) -> list[list[list]]:
    """The totals as small tables of rows: a title row, a header, the rows."""
    if not totals:
        return [[[_("No accepted report yet: nothing achieved to total.")]]]
    units = [with_unit(kind) for kind in totals.types]
    blocks = [
        [
            [_("Achieved in accepted reports")],
            ["", *units],
            [_("All"), *[_number(value) for value in totals.overall]],
        ]
    ]
    for table in totals.tables:
        if table.rows:
            block = [[table.caption], [table.heading, *units]]
            block += [[label, *map(_number, values)] for label, values in table.rows]
            blocks.append(block)
    return blocks


def filename(extension: str) -> str:
    return f"activities-{timezone.localdate():%Y-%m-%d}.{extension}"


def _attachment(response: HttpResponse, extension: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename(extension)}"'
    return response


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return safe_cell(value)
    return str(value)


def as_csv(header_row: list[str], body: list[list], blocks: list[list[list]]) -> HttpResponse:
    """UTF-8 with a byte-order mark, so spreadsheets read the scripts right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(value) for value in header_row])  # names come from the data
    for row in body:
        writer.writerow([_csv_cell(value) for value in row])
    for block in blocks:
        writer.writerow([])
        for row in block:
            writer.writerow([_csv_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    return _attachment(response, "csv")


def as_xlsx(header_row: list[str], body: list[list], blocks: list[list[list]]) -> HttpResponse:
    """The list on a first sheet, the totals on a second one ("Totals")."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Activities")[:31]
    _append(sheet, header_row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    for row in body:
        _append(sheet, row)
    totals = workbook.create_sheet("Totals")
    for index, block in enumerate(blocks):
        if index:
            totals.append([])
        for number, row in enumerate(block):
            _append(totals, row)
            if number == 0:
                totals.cell(row=totals.max_row, column=1).font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), "xlsx")


def _append(sheet, values: list) -> None:
    sheet.append(
        [
            float(value) if isinstance(value, Decimal) else safe_cell(value, sheet)
            for value in values
        ]
    )
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
