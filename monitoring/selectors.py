"""Reads for monitoring data: what a user may see, filtered, with the points
they may receive, in a fixed number of queries however many records.

These are the bulk forms of `rules.py` and give the same answers:
`records_visible_to` is `user.has_perm("monitoring.view_<model>", record)` and
`points_for` is `record` + `user.has_perm("monitoring.view_exact_location")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from activities.models import InformationCentre
from common.authz import roles_of
from common.geo import shown_point

from . import rules
from .models import FLAGSHIP_SPECIES, ImportJob, PatrolSummary, PopulationEstimate
from .rules import publishes_somewhere


def centres_published_by(user) -> list[InformationCentre]:
    """The centres whose data the user imports and edits (one query at most)."""
    if not publishes_somewhere(roles_of(user)):
        return []
    centres = InformationCentre.objects.select_related("host").order_by("name")
    condition = rules.centres_published_by(user)
    return list(centres if condition is None else centres.filter(condition))


def records_visible_to(user, queryset: QuerySet) -> QuerySet:
    """The records of `queryset` the user may see: all but those under
    embargo, which only their centre's staff and the secretariat see
    (`rules.records_visible_to`)."""
    condition = rules.records_visible_to(user)
    return queryset if condition is None else queryset.filter(condition)


def estimates_visible_to(user) -> QuerySet[PopulationEstimate]:
    return records_visible_to(user, PopulationEstimate.objects.all())


def patrols_visible_to(user) -> QuerySet[PatrolSummary]:
    return records_visible_to(user, PatrolSummary.objects.all())


# --- Filters of /data/ and its downloads ---------------------------------------


@dataclass(frozen=True)
class DataFilter:
    """The cleaned filters of /data/ (see forms.DataFilterForm)."""

    species: str = ""
    country: int | None = None
    area: int | None = None
    year_from: int | None = None
    year_to: int | None = None


def estimates_for_data(user, filters: DataFilter) -> list[PopulationEstimate]:
    """The population estimates /data/ shows, in one query."""
    return list(estimates_query(user, filters))


def estimates_query(user, filters: DataFilter):
    """The population estimates /data/ shows and downloads, unread."""
    queryset = estimates_visible_to(user).select_related("country", "protected_area", "centre")
    if filters.species:
        queryset = queryset.filter(species=filters.species)
    if filters.country:
        queryset = queryset.filter(country_id=filters.country)
    if filters.area:
        queryset = queryset.filter(protected_area_id=filters.area)
    if filters.year_from:
        queryset = queryset.filter(year__gte=filters.year_from)
    if filters.year_to:
        queryset = queryset.filter(year__lte=filters.year_to)
    return queryset.order_by(
        "species",
        "country__sort_order",
        "protected_area__name",
        "region",
        "year",
        "method",
        "pk",
    )


def patrols_for_data(user, filters: DataFilter) -> list[PatrolSummary]:
    """The patrol summaries /data/ shows (species does not apply), in one query."""
    return list(patrols_query(user, filters))


def patrols_query(user, filters: DataFilter):
    """The patrol summaries /data/ shows and downloads, unread."""
    queryset = patrols_visible_to(user).select_related("protected_area__country", "centre")
    if filters.country:
        queryset = queryset.filter(protected_area__country_id=filters.country)
    if filters.area:
        queryset = queryset.filter(protected_area_id=filters.area)
    if filters.year_from:
        queryset = queryset.filter(period_end__year__gte=filters.year_from)
    if filters.year_to:
        queryset = queryset.filter(period_end__year__lte=filters.year_to)
    return queryset.order_by("protected_area__name", "period_end", "period_start", "pk")


# --- Exact or generalised points -------------------------------------------------


def _record_key(record) -> tuple[str, int]:
    """Records of both models in one mapping: (model label, id)."""
    return record._meta.label_lower, record.pk


def exact_location_keys(user, records) -> set[tuple[str, int]]:
    """Of these records, (model label, id) of those whose exact point `user`
    may receive: the secretariat, the staff of the record's centre, people of
    an active member organisation of the record's country
    (`rules.exact_location_visible_to`). One query per kind of record."""
    sensitive = [r for r in records if r.has_point and r.location_sensitive]
    if not sensitive or user is None or not user.is_authenticated or not user.is_active:
        return set()
    by_model: dict = {}
    for record in sensitive:
        by_model.setdefault(type(record), []).append(record.pk)
    keys = set()
    for model, ids in by_model.items():
        entitled = rules.exact_location_visible_to(user, model)
        if entitled is not None:
            ids = model.objects.filter(pk__in=ids).filter(entitled).values_list("pk", flat=True)
        keys.update((model._meta.label_lower, pk) for pk in ids)
    return keys


Point = tuple[Decimal, Decimal, bool]


def points_for(user, records) -> dict[tuple[str, int], Point | None]:
    """{(model label, id): (latitude, longitude, exact?) or None}, with the
    activities' generalisation rule (`common.geo.shown_point`)."""
    records = list(records)
    exact = exact_location_keys(user, records)
    return {
        _record_key(r): shown_point(
            r.latitude,
            r.longitude,
            sensitive=r.location_sensitive,
            entitled=_record_key(r) in exact,
        )
        for r in records
    }


# --- The home page ----------------------------------------------------------------


def headline_estimates() -> list[PopulationEstimate]:
    """For the home page: for each of the two cats and each country, the most
    recent public estimate (a country-wide figure before an area's or a
    region's of the same year). Two queries' worth of SQL in one, whatever the
    number of records; visitors see only public records (the page is cached)."""
    public = PopulationEstimate.objects.filter(rules.public_now(), species__in=FLAGSHIP_SPECIES)
    latest_year = (
        public.filter(species=OuterRef("species"), country=OuterRef("country"))
        .order_by("-year")
        .values("year")[:1]
    )
    rows = (
        public.filter(year=Subquery(latest_year))
        .select_related("country", "protected_area")
        .annotate(scope=Coalesce("protected_area_id", 0))
        .order_by("species", "country__sort_order", "scope", "region", "-estimate", "pk")
    )
    seen, picked = set(), []
    for estimate in rows:
        key = (estimate.species, estimate.country_id)
        if key not in seen:
            seen.add(key)
            picked.append(estimate)
    return picked


def import_jobs_of(user, *, limit: int = 10) -> list[ImportJob]:
    """The user's latest imports (for the import page)."""
    return list(
        ImportJob.objects.filter(created_by=user)
        .select_related("centre")
        .order_by("-created_at", "-pk")[:limit]
    )


def stuck_imports(queryset: QuerySet | None = None) -> QuerySet[ImportJob]:
    """Unfinished imports silent for longer than a run may be (ImportJob.looks_stuck,
    as a query): their worker probably stopped. The admin lists them."""
    import datetime

    from django.db.models import Q
    from django.utils import timezone

    from .models import stale_after_seconds

    cutoff = timezone.now() - datetime.timedelta(seconds=stale_after_seconds())
    queryset = ImportJob.objects.all() if queryset is None else queryset
    return queryset.filter(status__in=[ImportJob.Status.PENDING, ImportJob.Status.RUNNING]).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
