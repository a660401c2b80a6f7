"""The figures of an annual report, read from the portal for a calendar year.

Every section is a plain structure (lists of rows, numbers), so the page, the
print-ready page and the DOCX show the same figures. Only what the portal
publishes to its members is counted: no embargoed monitoring record, only
activities that were approved (approved, ongoing, completed), only articles
readers can see. A fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext

from activities.models import (
    Activity,
    CrossBorderPair,
    Indicator,
    IndicatorType,
    InformationCentre,
    ProtectedArea,
)
from committee.models import CommitteeSeat, ReviewDecision, ReviewRequest
from common.numbers import format_number
from common.provenance import partnership_started_on
from common.translations import translated_field, translated_fields
from documents.models import Document
from meetings.models import ActionItem, Meeting
from monitoring.models import PatrolSummary, PopulationEstimate, baseline_q
from news.models import Article
from news.selectors import articles_as_cards
from stakeholders.models import Country, MembershipApplication, Organisation
from workinggroups.models import WorkingGroup, WorkPlanItem, WorkPlanVersion

from .models import AnnualReport

# Activities whose figures count: the committee said yes to them.
COUNTED_ACTIVITY_STATUSES = (
    Activity.Status.APPROVED,
    Activity.Status.ONGOING,
    Activity.Status.COMPLETED,
)


@dataclass
class YearBounds:
    year: int
    start: datetime.date = field(init=False)
    end: datetime.date = field(init=False)  # the first day after the year

    def __post_init__(self):
        self.start = datetime.date(self.year, 1, 1)
        self.end = datetime.date(self.year + 1, 1, 1)

    @property
    def start_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def end_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))

    def during(self, name: str) -> Q:
        """`name` (a datetime field) falls in the year."""
        return Q(**{f"{name}__gte": self.start_at, f"{name}__lt": self.end_at})


def report_years() -> list[int]:
    """The years a report can be read for: from the first joining or activity
    to this year, newest first."""
    this_year = timezone.localdate().year
    first = [
        Organisation.objects.aggregate(first=Min("joined_on"))["first"],
        Activity.objects.aggregate(first=Min("starts_on"))["first"],
    ]
    years = [value.year for value in first if value]
    start = min(years) if years else this_year
    return list(range(this_year, min(start, this_year) - 1, -1))


def written_part(year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(year=year).first()


def written_texts(written: AnnualReport | None) -> dict:
    """The introduction and conclusions in the reader's language where the
    secretariat's text has a published translation (the translation
    workspace), else as written: {"introduction": TranslatedText | None, ...}."""
    if written is None:
        return {"introduction": None, "conclusions": None}
    return {
        name: translated_field(written, name) if getattr(written, name) else None
        for name in ("introduction", "conclusions")
    }


# --- Membership ----------------------------------------------------------


def membership(bounds: YearBounds) -> dict:
    joined = list(
        Organisation.objects.filter(joined_on__gte=bounds.start, joined_on__lt=bounds.end)
        .select_related("country", "stakeholder_type")
        .order_by("country__sort_order", "stakeholder_type__sort_order", "name")
    )
    withdrawn_in_year = set(
        Organisation.history.filter(
            bounds.during("history_date"), status=Organisation.Status.WITHDRAWN
        ).values_list("id", flat=True)
    )
    withdrawn_before = set(
        Organisation.history.filter(
            history_date__lt=bounds.start_at, status=Organisation.Status.WITHDRAWN
        ).values_list("id", flat=True)
    )
    left = list(
        Organisation.objects.filter(pk__in=withdrawn_in_year - withdrawn_before)
        .select_related("country", "stakeholder_type")
        .order_by("name")
    )
    counts: dict = defaultdict(lambda: {"joined": 0, "left": 0})
    for organisation in joined:
        counts[(str(organisation.country), str(organisation.stakeholder_type))]["joined"] += 1
    for organisation in left:
        counts[(str(organisation.country), str(organisation.stakeholder_type))]["left"] += 1
    rows = [
        {"country": country, "type": kind, **numbers}
        for (country, kind), numbers in sorted(counts.items())
    ]
    return {"joined": joined, "left": left, "by_country_and_type": rows}


# --- The committee ---------------------------------------------------------


def committee_decisions(bounds: YearBounds):
    """The committee's decisions of the year: the review items it approved.

    Hook: once the committee keeps decision records of its own (its meetings'
    decisions), add them here; the page and the DOCX list what this returns.
    """
    return (
        ReviewRequest.objects.filter(
            status=ReviewRequest.Status.APPROVED,
            decisions__outcome=ReviewDecision.Outcome.APPROVE,
            decisions__decided_at__gte=bounds.start_at,
            decisions__decided_at__lt=bounds.end_at,
        )
        .annotate(decided_at=Min("decisions__decided_at"))
        .order_by("decided_at")
    )


def committee(bounds: YearBounds) -> dict:
    seats = list(
        CommitteeSeat.objects.filter(term_start__lt=bounds.end, term_end__gt=bounds.start)
        .select_related("holder__organisation", "country", "stakeholder_type")
        .order_by("stakeholder_type__sort_order", "country__sort_order", "term_start")
    )
    meetings = list(
        Meeting.objects.filter(bounds.during("starts_at"), kind=Meeting.Kind.COMMITTEE)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    return {
        "seats": seats,
        "meetings": meetings,
        "decisions": list(committee_decisions(bounds)),
    }


# --- Working groups ----------------------------------------------------------


def working_groups(bounds: YearBounds) -> list[dict]:
    groups = list(WorkingGroup.objects.filter(created_at__lt=bounds.end_at).order_by("name"))
    meetings = dict(
        Meeting.objects.filter(bounds.during("starts_at"), kind=Meeting.Kind.GROUP)
        .exclude(status=Meeting.Status.CANCELLED)
        .values("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    documents = dict(
        Document.objects.filter(bounds.during("created_at"), group__isnull=False)
        .values("group")
        .annotate(n=Count("id"))
        .values_list("group", "n")
    )
    # The approved version of each plan running in the year (its latest).
    versions = {}
    for version in (
        WorkPlanVersion.objects.filter(
            status=WorkPlanVersion.Status.APPROVED,
            plan__period_start__lt=bounds.end,
            plan__period_end__gte=bounds.start,
        )
        .select_related("plan")
        .order_by("plan__group_id", "plan__period_start", "number")
    ):
        versions[version.plan.group_id] = version  # the latest wins
    items = defaultdict(list)
    for item in WorkPlanItem.objects.filter(version__in=list(versions.values())).order_by(
        "position"
    ):
        items[item.version_id].append(item)
    # The plan's title and the version's summary in the reader's language.
    titles = translated_fields([v.plan for v in versions.values()], "title")
    summaries = translated_fields(list(versions.values()), "summary")
    rows = []
    for group in groups:
        version = versions.get(group.pk)
        plan_items = items.get(version.pk, []) if version else []
        done = [item for item in plan_items if item.ends_on and item.ends_on < bounds.end]
        due_later = [item for item in plan_items if item.ends_on and item.ends_on >= bounds.end]
        rows.append(
            {
                "group": group,
                "plan": version.plan if version else None,
                "plan_title": str(titles[version.plan.pk]) if version else "",
                "summary": str(summaries[version.pk]) if version else "",
                "version": version,
                "items": len(plan_items),
                "items_due": len(done),
                "items_later": len(due_later),
                "items_undated": len(plan_items) - len(done) - len(due_later),
                "meetings": meetings.get(group.pk, 0),
                "documents": documents.get(group.pk, 0),
            }
        )
    return rows


# --- Activities and their indicators --------------------------------------


def _indicator_rows(queryset, key: str, label, types: dict) -> list[dict]:
    """Planned and achieved summed by `key` and indicator type; `label` names
    a value of `key`, `types` the indicator types by id (in the reader's language)."""
    rows = (
        queryset.values(key, "indicator_type", "indicator_type__unit")
        .annotate(planned=Sum("planned"), achieved=Sum("achieved"))
        .order_by(key, "indicator_type__sort_order")
    )
    return [
        {
            "label": label(row[key]),
            "indicator": types[row["indicator_type"]].local_name,
            "unit": row["indicator_type__unit"],
            "planned": row["planned"] or Decimal(0),
            "achieved": row["achieved"] or Decimal(0),
        }
        for row in rows
    ]


def activities(bounds: YearBounds) -> dict:
    counted = Activity.objects.filter(
        starts_on__lt=bounds.end,
        ends_on__gte=bounds.start,
        status__in=COUNTED_ACTIVITY_STATUSES,
    ).exclude(ends_on__lt=partnership_started_on())  # the baseline, not achievements
    listed = list(counted.order_by("starts_on", "title"))
    indicators = Indicator.objects.filter(activity__in=counted.values("pk"))
    areas = dict(Activity._meta.get_field("action_area").choices)
    types = IndicatorType.objects.in_bulk()
    countries = Country.objects.in_bulk()
    by_pair = []
    for pair in CrossBorderPair.objects.select_related("first", "second").order_by("pk"):
        in_pair = counted.filter(protected_areas__in=[pair.first_id, pair.second_id]).values("pk")
        by_pair += _indicator_rows(
            Indicator.objects.filter(activity__in=in_pair),
            "indicator_type__sort_order",
            lambda _order, pair=pair: str(pair),
            types,
        )
    by_country = _indicator_rows(
        indicators.filter(activity__countries__isnull=False),
        "activity__countries",
        lambda pk: countries[pk].local_name,
        types,
    )
    by_country.sort(key=lambda row: row["label"])  # stable: indicators keep their order
    return {
        "activities": listed,
        "total": _indicator_rows(indicators, "indicator_type__sort_order", lambda _: "", types),
        "by_country": by_country,
        "by_action_area": _indicator_rows(
            indicators,
            "activity__action_area",
            lambda value: str(areas.get(value, value)),
            types,
        ),
        "by_pair": by_pair,
    }


# --- Monitoring -------------------------------------------------------------


def _published(queryset):
    today = timezone.localdate()
    return queryset.filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=today))


def monitoring(bounds: YearBounds) -> dict:
    counted_patrols = (
        _published(PatrolSummary.objects)
        .filter(period_start__gte=bounds.start, period_start__lt=bounds.end)
        .exclude(baseline_q(PatrolSummary))
    )
    # Summed per protected area (per publishing centre for records without
    # one), from one query; the places named in the reader's language.
    totals: dict = {}
    for area, centre, days, km, snares, violations, source in counted_patrols.values_list(
        "protected_area",
        "centre",
        "patrol_days",
        "km_patrolled",
        "snares_removed",
        "violations_recorded",
        "source",
    ):
        key = ("area", area) if area else ("centre", centre)
        row = totals.setdefault(
            key,
            {"days": 0, "km": Decimal(0), "snares": 0, "violations": 0, "records": 0, "src": set()},
        )
        row["days"] += days or 0
        row["km"] += km or 0
        row["snares"] += snares or 0
        row["violations"] += violations or 0
        row["records"] += 1
        row["src"].add(source)
    areas = ProtectedArea.objects.in_bulk([pk for kind, pk in totals if kind == "area"])
    centres = InformationCentre.objects.in_bulk([pk for kind, pk in totals if kind == "centre"])
    patrol_rows = sorted(
        (
            {
                **{name: value for name, value in row.items() if name != "src"},
                "place": (areas if kind == "area" else centres)[pk].local_name,
                "sources": sorted(row["src"]),
            }
            for (kind, pk), row in totals.items()
        ),
        key=lambda row: row["place"],
    )
    estimates = list(
        _published(PopulationEstimate.objects)
        .filter(year=bounds.year)
        .exclude(baseline_q(PopulationEstimate))
        .select_related("country", "protected_area")
        .order_by("species", "country__sort_order")
    )
    return {"patrols": patrol_rows, "estimates": estimates, "baseline": baseline_figures()}


def baseline_figures() -> list[dict]:
    """The figures recorded for before the partnership started, each with its
    source and year: shown as the baseline, never counted as achievements."""
    rows = [
        {
            "what": f"{e.get_species_display()}: {e.estimate_text}",
            "place": e.place_name,
            "year": e.year,
            "source": e.source,
        }
        for e in _published(PopulationEstimate.objects)
        .filter(baseline_q(PopulationEstimate))
        .select_related("country", "protected_area")
        .order_by("year", "species")
    ]
    for patrol in (
        _published(PatrolSummary.objects)
        .filter(baseline_q(PatrolSummary))
        .select_related("protected_area", "centre")
        .order_by("period_end")
    ):
        rows.append(
            {
                "what": gettext("%(days)s patrol days, %(km)s km patrolled")
                % {"days": figure_text(patrol.patrol_days), "km": figure_text(patrol.km_patrolled)},
                "place": str(patrol.protected_area or patrol.centre),
                "year": patrol.period_end.year,
                "source": patrol.source,
            }
        )
    return rows


def figure_text(value) -> str:
    """A figure without trailing zeros, grouped in the reader's language."""
    return format_number(value)


# --- News of the information centres ----------------------------------------


def centre_news(bounds: YearBounds) -> list:
    """The centres' articles of the year, as cards: titles in the reader's
    language where a published translation has them."""
    return articles_as_cards(
        Article.objects.visible()
        .filter(bounds.during("publish_at"), author_centre__isnull=False)
        .order_by("publish_at")
    )


# --- What is still open -----------------------------------------------------


def still_open(bounds: YearBounds) -> dict:
    """What was open at the end of the year and still is today."""
    return {
        "applications": MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING, submitted_at__lt=bounds.end_at
        ).count(),
        "reviews": ReviewRequest.objects.filter(
            status=ReviewRequest.Status.PENDING, submitted_at__lt=bounds.end_at
        ).count(),
        "action_items": ActionItem.objects.filter(
            status=ActionItem.Status.OPEN, due_on__lt=bounds.end
        ).count(),
        "proposed_activities": Activity.objects.filter(
            status=Activity.Status.PROPOSED, created_at__lt=bounds.end_at
        ).count(),
    }


# --- The whole report ---------------------------------------------------------


def annual_report(year: int) -> dict:
    bounds = YearBounds(year)
    report = {
        "year": year,
        "written": written_part(year),
        "membership": membership(bounds),
        "committee": committee(bounds),
        "groups": working_groups(bounds),
        "activities": activities(bounds),
        "monitoring": monitoring(bounds),
        "news": centre_news(bounds),
        "open": still_open(bounds),
    }
    report.update(written_texts(report["written"]))
    report["has_data"] = any(
        [
            report["membership"]["joined"],
            report["membership"]["left"],
            report["committee"]["meetings"],
            report["committee"]["decisions"],
            report["activities"]["activities"],
            report["monitoring"]["patrols"],
            report["monitoring"]["estimates"],
            report["news"],
            any(row["meetings"] or row["documents"] for row in report["groups"]),
        ]
    )
    return report
