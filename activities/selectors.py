"""Reads for activities: what a user may see, with fixed query counts."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from common.geo import shown_point
from stakeholders.models import Country

from . import rules
from .models import Activity, CrossBorderPair, Indicator, ProtectedArea


def activities_visible_to(user) -> QuerySet[Activity]:
    """Approved, ongoing and completed activities for everyone; proposals and
    declined ones also for those involved, the committee and the secretariat
    (the `activities.view_activity` rule's list form, `rules.visible_to`)."""
    condition = rules.visible_to(user)
    if condition is None:
        return Activity.objects.all()
    return Activity.objects.filter(condition)


def access_activity(user, pk: int) -> Activity:
    """The activity if the user may see it; 404 otherwise (also if missing)."""
    activity = (
        Activity.objects.select_related("lead_organisation__country", "group", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if activity is None or not user.has_perm("activities.view_activity", activity):
        raise Http404
    return activity


# --- Browsing: the list, the map and the exports -----------------------------


def activities_for_list(
    activities: QuerySet[Activity], *, with_protected_areas: bool = False
) -> QuerySet[Activity]:
    """What a row of the list (or, with the protected areas, of an export)
    shows, loaded in a fixed number of queries however many activities,
    organisations and indicators there are."""
    queryset = activities.select_related("lead_organisation", "group").prefetch_related(
        Prefetch("countries", queryset=Country.objects.order_by("sort_order", "name")),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("indicator_type").order_by(
                "indicator_type__sort_order", "indicator_type__name"
            ),
        ),
    )
    if with_protected_areas:
        queryset = queryset.prefetch_related(
            Prefetch("protected_areas", queryset=ProtectedArea.objects.order_by("name"))
        )
    return queryset


def activities_for_map(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """The activities that have a point, with only what a marker needs."""
    return (
        activities.filter(latitude__isnull=False, longitude__isnull=False)
        .only("pk", "title", "status", "latitude", "longitude", "location_sensitive")
        .order_by("-starts_on", "title", "pk")
    )


def protected_areas_for_map() -> tuple[list[ProtectedArea], list[CrossBorderPair]]:
    """Every protected area (public reference data) and every cross-border pair."""
    areas = list(
        ProtectedArea.objects.select_related("country").only(
            "pk", "slug", "name", "latitude", "longitude", "country__name", "country__sort_order"
        )
    )
    pairs = list(CrossBorderPair.objects.order_by("name", "pk"))
    return areas, pairs


def exact_location_ids(user, activity_ids) -> set[int]:
    """Of these activities, the ids whose exact point `user` may receive.

    The bulk form of `user.has_perm("activities.view_exact_location", activity)`
    (see `rules.can_view_exact_location`): the secretariat (and superusers);
    whoever proposed the activity; members of its working group (the group's
    `view_private` grant); people of an active organisation that leads or takes
    part in it, or of an active member organisation in one of its countries;
    and holders of a per-object grant (`rules.exact_location_visible_to`).
    At most four queries, however many ids."""
    ids = set(activity_ids)
    if not ids or user is None or not user.is_authenticated or not user.is_active:
        return set()
    entitled = rules.exact_location_visible_to(user)
    if entitled is None:
        return ids
    return set(Activity.objects.filter(pk__in=ids).filter(entitled).values_list("pk", flat=True))


Point = tuple[Decimal, Decimal, bool]


def points_for(user, activities) -> dict[int, Point | None]:
    """`activity.point_for(user)` for many activities at once, with the same
    answers: {activity id: (latitude, longitude, exact?) or None}. Sensitive
    points the user is not entitled to are generalised to about 10 km."""
    activities = list(activities)
    sensitive = [a.pk for a in activities if a.has_point and a.location_sensitive]
    exact = exact_location_ids(user, sensitive)
    return {
        activity.pk: shown_point(
            activity.latitude,
            activity.longitude,
            sensitive=activity.location_sensitive,
            entitled=activity.pk in exact,
        )
        for activity in activities
    }


def cross_border_pairs() -> list[CrossBorderPair]:
    """Every cross-border pair, for the links to their pages."""
    return list(CrossBorderPair.objects.select_related("first", "second").order_by("name", "pk"))
