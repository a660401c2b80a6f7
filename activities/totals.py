"""Totals of achieved indicators for a (filtered) set of activities.

Only activities whose report the committee accepted count. The sums come from
aggregate queries (`values().annotate(Sum(...))`): six at most, however many
activities and indicators there are. The list page, the CSV and the XLSX export
show the same tables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.fragments import cached_for_selection
from common.vocabulary import ActionArea

from .models import Activity, CrossBorderPair, Indicator, IndicatorType, Report


@dataclass
class TotalsTable:
    """One grouping: a row per country (year, action area, pair), a column per
    indicator type of `Totals.types`."""

    key: str
    caption: str
    heading: str
    rows: list[tuple[str, list[Decimal | None]]] = field(default_factory=list)


@dataclass
class Totals:
    types: list[IndicatorType]
    overall: list[Decimal | None]
    tables: list[TotalsTable]

    def __bool__(self) -> bool:
        return bool(self.types)

    @property
    def headline(self) -> list[tuple[IndicatorType, Decimal]]:
        return [(kind, value) for kind, value in zip(self.types, self.overall, strict=True)]


def with_unit(kind: IndicatorType) -> str:
    """The name, with the unit where the name lacks it: "Patrol days", "Camera traps (devices)"."""
    name = str(kind)
    if kind.unit and kind.unit.lower() not in kind.name.lower():
        return f"{name} ({kind.unit})"
    return name


CAPTIONS = {
    "country": (_("Achieved, by country"), _("Country")),
    "year": (_("Achieved, by year the activity ended"), _("Year")),
    "action_area": (_("Achieved, by action area"), _("Action area")),
    "pair": (_("Achieved, by cross-border pair of protected areas"), _("Cross-border pair")),
}


def achieved_totals(activities: QuerySet[Activity]) -> Totals:
    """Sums of `achieved` per indicator type over `activities` with an accepted
    report, by country, by year (of the end), by action area and by cross-border
    pair (an activity linked to either or both areas of a pair counts once).

    The same set of activities (the same SQL: a visitor's, a role's, a
    filter's) gives the same sums until content changes: they are kept in the
    shared cache under the content version (common/fragments.py), so a list
    page runs its aggregates once, not on every view."""
    return cached_for_selection("totals", activities, lambda: _achieved_totals(activities))


def _achieved_totals(activities: QuerySet[Activity]) -> Totals:
    achieved = Indicator.objects.filter(
        activity__in=activities.order_by().values("pk"),
        activity__report__status=Report.Status.ACCEPTED,
        achieved__isnull=False,
    ).order_by()

    sums: dict[str, dict] = {}
    labels: dict[str, dict] = {}

    # (a) by country: an activity in two countries counts for each of them
    sums["country"], labels["country"] = defaultdict(dict), {}
    country_order = {}
    for row in achieved.values(
        "activity__countries__code",
        "activity__countries__name",
        "activity__countries__sort_order",
        "indicator_type_id",
    ).annotate(total=Sum("achieved")):
        code = row["activity__countries__code"]
        if code is None:
            continue
        sums["country"][code][row["indicator_type_id"]] = row["total"]
        labels["country"][code] = gettext(row["activity__countries__name"])
        country_order[code] = (row["activity__countries__sort_order"], labels["country"][code])

    # (b) by the year the activity ended
    sums["year"], labels["year"] = defaultdict(dict), {}
    for row in (
        achieved.annotate(year=ExtractYear("activity__ends_on"))
        .values("year", "indicator_type_id")
        .annotate(total=Sum("achieved"))
    ):
        sums["year"][row["year"]][row["indicator_type_id"]] = row["total"]
        labels["year"][row["year"]] = str(row["year"])

    # (c) by action area
    sums["action_area"], labels["action_area"] = defaultdict(dict), {}
    for row in achieved.values("activity__action_area", "indicator_type_id").annotate(
        total=Sum("achieved")
    ):
        area = row["activity__action_area"]
        sums["action_area"][area][row["indicator_type_id"]] = row["total"]
        labels["action_area"][area] = str(ActionArea(area).label) if area in ActionArea else area

    # (d) by cross-border pair: one conditional sum per pair, in one query
    sums["pair"], labels["pair"] = defaultdict(dict), {}
    pairs = list(CrossBorderPair.objects.select_related("first", "second").order_by("name", "pk"))
    if pairs:
        links = Activity.protected_areas.through.objects
        columns = {
            f"pair_{pair.pk}": Sum(
                "achieved",
                filter=Exists(
                    links.filter(
                        activity_id=OuterRef("activity_id"),
                        protectedarea_id__in=(pair.first_id, pair.second_id),
                    )
                ),
            )
            for pair in pairs
        }
        for row in achieved.values("indicator_type_id").annotate(**columns):
            for pair in pairs:
                total = row[f"pair_{pair.pk}"]
                if total is not None:
                    sums["pair"][pair.pk][row["indicator_type_id"]] = total
                    labels["pair"][pair.pk] = str(pair)

    # the overall figures: every indicator has exactly one year
    overall: dict[int, Decimal] = defaultdict(Decimal)
    for by_type in sums["year"].values():
        for type_id, total in by_type.items():
            overall[type_id] += total

    types = [kind for kind in IndicatorType.objects.all() if kind.pk in overall] if overall else []
    orders = {
        "country": sorted(sums["country"], key=country_order.__getitem__),
        "year": sorted(sums["year"], reverse=True),
        "action_area": [area for area in ActionArea.values if area in sums["action_area"]]
        + sorted(set(sums["action_area"]) - set(ActionArea.values)),
        "pair": [pair.pk for pair in pairs if pair.pk in sums["pair"]],
    }
    tables = []
    for key, (caption, heading) in CAPTIONS.items():
        rows = [
            (labels[key][row], [sums[key][row].get(kind.pk) for kind in types])
            for row in orders[key]
        ]
        tables.append(TotalsTable(key=key, caption=str(caption), heading=str(heading), rows=rows))
    return Totals(types=types, overall=[overall[kind.pk] for kind in types], tables=tables)
