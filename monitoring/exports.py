"""Downloads of /data/: exactly the rows the page shows for the same filters,
as CSV, XLSX or JSON, with each record's source, and each point as the
reader may receive it (generalised when sensitive and not entitled)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from common.exports import XLSX_TYPE, chunks, csv_lines, json_lines, streaming_download, xlsx_file

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


def _rows(user, records, row) -> Iterator[dict]:
    """`row(points, record)` of each record (a queryset, read in chunks, or a
    list), with the points `user` may receive, one chunk at a time."""
    for chunk in chunks(records):
        points = points_for(user, chunk)
        yield from (row(points, record) for record in chunk)


def estimate_rows(user, estimates) -> Iterator[dict]:
    return _rows(user, estimates, _estimate_row)


def _estimate_row(points, e) -> dict:
    return {
        "species": e.species,
        "species_name": e.get_species_display(),
        "country": e.country.code,
        "protected_area": e.protected_area.local_name if e.protected_area_id else "",
        "region": e.region,
        "year": e.year,
        "estimate": e.estimate,
        "low": e.low,
        "high": e.high,
        "method": e.method,
        "source": e.source,
        "source_url": e.source_url,
        "centre": e.centre.local_name,
        **_point(points, e),
        "embargo_until": e.embargo_until,
    }


def patrol_rows(user, patrols) -> Iterator[dict]:
    return _rows(user, patrols, _patrol_row)


def _patrol_row(points, p) -> dict:
    return {
        "protected_area": p.protected_area.local_name,
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
        "centre": p.centre.local_name,
        **_point(points, p),
        "embargo_until": p.embargo_until,
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def respond(name: str, columns: list[str], rows, file_format: str):
    """A streamed download of `rows` (an iterable of dicts) as CSV, XLSX or JSON."""
    filename = f"{name}-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "json":
        lines = json_lines(columns, rows, DjangoJSONEncoder)
        return streaming_download(lines, filename, "application/json")
    cells = ([_cell(row[c]) for c in columns] for row in rows)
    if file_format == "xlsx":
        return streaming_download(xlsx_file([(name, columns, cells)]), filename, XLSX_TYPE)
    return streaming_download(csv_lines(columns, cells), filename, "text/csv; charset=utf-8")
