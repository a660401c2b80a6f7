"""Numbers and ranges as people read them, in the active language: "120",
not "120.00"; "1,250.5" ("1 250,5" in Russian); an open range worded
("from 120", "up to 150"), never "120–"; a lower bound as "over 120".

The one place that turns a figure into text: the `number` template filter
(common/templatetags/portal_format.py), the charts (monitoring/charts.py),
the annual report and the exports' human-facing text all call it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import pgettext

# En dash between the ends of a closed range, as in "120–150".
RANGE_DASH = "–"


def _as_decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value, places: int = 2) -> str:
    """A number rounded to at most `places` decimals, without trailing zeros,
    grouped by thousands with the active language's separators:
    Decimal("120.00") → "120", Decimal("1250.50") → "1,250.5"; "" for None.
    A value that is not a number comes back as text, unchanged."""
    number = _as_decimal(value)
    if number is None:
        return "" if value is None else str(value)
    step = Decimal(1).scaleb(-int(places))
    number = number.quantize(step, rounding=ROUND_HALF_UP)
    if number == 0:
        number = Decimal(0)  # no "-0"
    # normalize() drops the trailing zeros (120.00 → 1.2E+2, which
    # number_format writes out in full as "120").
    return number_format(number.normalize(), use_l10n=True, force_grouping=True)


def format_range(low, high, places: int = 2) -> str:
    """A range of two optional bounds, worded: "120–150", "from 120",
    "up to 150", "120" when both ends are the same, "" when neither is known."""
    low_text = format_number(low, places) if _as_decimal(low) is not None else ""
    high_text = format_number(high, places) if _as_decimal(high) is not None else ""
    if low_text and high_text:
        if low_text == high_text:
            return low_text
        return pgettext("range of numbers", "%(low)s–%(high)s") % {
            "low": low_text,
            "high": high_text,
        }
    if low_text:
        return pgettext("range of numbers", "from %(low)s") % {"low": low_text}
    if high_text:
        return pgettext("range of numbers", "up to %(high)s") % {"high": high_text}
    return ""


def format_lower_bound(value, places: int = 2) -> str:
    """A figure known only from below, as the source gives it: "over 120"."""
    return pgettext("lower bound of a figure", "over %(number)s") % {
        "number": format_number(value, places)
    }


def is_lower_bound(value, low, high) -> bool:
    """A figure the source gives only as a minimum ("over 120"): it is its
    own low bound and there is no high bound."""
    return high is None and low is not None and value is not None and low == value
