"""How a span of dates reads: a period within one year is "2027", not
"2027–2027"; whole years read as years, other spans as dates."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format


def year_span(start: datetime.date | None, end: datetime.date | None) -> str:
    """ "2027" or "2026–2027" (either end may be missing)."""
    years = [day.year for day in (start, end) if day is not None]
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _whole_years(start: datetime.date, end: datetime.date) -> bool:
    return (start.month, start.day) == (1, 1) and (end.month, end.day) == (12, 31)


def period_label(start: datetime.date | None, end: datetime.date | None) -> str:
    """Whole calendar years as years ("2027", "2026–2027"); any other span as
    its dates in the active language ("1 Mar 2027 – 30 Sep 2027"), one date
    when it is a single day."""
    if start is None or end is None:
        day = start or end
        return date_format(day, "SHORT_DATE_FORMAT") if day else ""
    if _whole_years(start, end):
        return year_span(start, end)
    if start == end:
        return date_format(start, "SHORT_DATE_FORMAT")
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} – {date_format(end, 'SHORT_DATE_FORMAT')}"
