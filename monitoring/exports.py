"""Downloads of /data/: exactly the rows the page shows for the same filters,
as CSV, XLSX or JSON, with each record's source, and each point as the
reader may receive it (generalised when sensitive and not entitled)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

from common.exports import XLSX_TYPE, safe_cell

from .selectors import points_for

FORMATS = ("csv", "xlsx", "json")

ESTIMATE_COLUMNS = [
    "species",
    "species_name",
    "country",
    "protected_area",
    "region",
    "year",
    "estimate",
    "low",
    "high",
    "method",
    "source",
    "source_url",
    "centre",
    "latitude",
    "longitude",
    "location_exact",
    "embargo_until",
]
PATROL_COLUMNS = [
    "protected_area",
    "country",
    "period_start",
    "period_end",
    "patrol_days",
    "km_patrolled",
    "snares_removed",
    "violations_recorded",
    "camera_traps",
    "source",
    "source_url",
    "centre",
    "latitude",
    "longitude",
    "location_exact",
    "embargo_until",
]


def _point(points, record):
    point = points[(record._meta.label_lower, record.pk)]
    if point is None:
        return {"latitude": None, "longitude": None, "location_exact": None}
    return {"latitude": point[0], "longitude": point[1], "location_exact": point[2]}


def estimate_rows(user, estimates) -> list[dict]:
    points = points_for(user, estimates)
    return [
        {
            "species": e.species,
            "species_name": e.get_species_display(),
            "country": e.country.code,
            "protected_area": e.protected_area.name if e.protected_area_id else "",
            "region": e.region,
            "year": e.year,
            "estimate": e.estimate,
            "low": e.low,
            "high": e.high,
            "method": e.method,
            "source": e.source,
            "source_url": e.source_url,
            "centre": e.centre.name,
            **_point(points, e),
            "embargo_until": e.embargo_until,
        }
        for e in estimates
    ]


def patrol_rows(user, patrols) -> list[dict]:
    points = points_for(user, patrols)
    return [
        {
            "protected_area": p.protected_area.name,
            "country": p.protected_area.country.code,
            "period_start": p.period_start,
            "period_end": p.period_end,
            "patrol_days": p.patrol_days,
            "km_patrolled": p.km_patrolled,
            "snares_removed": p.snares_removed,
            "violations_recorded": p.violations_recorded,
            "camera_traps": p.camera_traps,
            "source": p.source,
            "source_url": p.source_url,
            "centre": p.centre.name,
            **_point(points, p),
            "embargo_until": p.embargo_until,
        }
        for p in patrols
    ]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def respond(name: str, columns: list[str], rows: list[dict], file_format: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    filename = f"{name}-{stamp}.{file_format}"
    if file_format == "json":
        body = json.dumps(
            {"columns": columns, "rows": rows}, cls=DjangoJSONEncoder, ensure_ascii=False
        )
        response = HttpResponse(body, content_type="application/json")
    elif file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append([safe_cell(c, sheet) for c in columns])
        for row in rows:
            sheet.append([safe_cell(_cell(row[c]), sheet) for c in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(c) for c in columns])
        for row in rows:
            writer.writerow([safe_cell(_cell(row[c])) for c in columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
