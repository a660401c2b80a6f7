"""Numbers, shares and periods as people read them: "120", not "120.00";
"1,250.5"; "75 %"; "2027", not "2027–2027". Use these filters wherever a
stored decimal or a span of dates is shown."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import date_format

from common.numbers import format_number, format_range
from common.periods import period_label

register = template.Library()


@register.filter
def number(value, places=2):
    """A number without trailing zeros, grouped in the active language:
    Decimal("120.00") → "120", Decimal("1250.50") → "1,250.5"."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    return format_number(value, int(places))


@register.simple_tag
def number_range(low, high, places=2):
    """ "120–150", "from 120", "up to 150" (nothing when neither is known)."""
    return format_range(low, high, int(places))


@register.filter
def percent_of(part, whole):
    """The share `part` is of `whole`, as a whole percentage (None when the
    whole is zero or either is missing)."""
    try:
        part, whole = Decimal(str(part)), Decimal(str(whole))
    except (InvalidOperation, TypeError, ValueError):
        return None
    if whole == 0 or part.is_nan() or whole.is_nan():
        return None
    return int((part * 100 / whole).to_integral_value())


@register.filter
def plain(value):
    """A stored value for a comparison or a summary: numbers without
    trailing zeros, dates in the active language, the rest as it is."""
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return value


@register.simple_tag
def period(start, end):
    """ "2027" for a whole year, "2026–2027" for whole years, else the dates."""
    return period_label(start, end)
