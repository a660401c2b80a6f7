"""Reads for activities: what a user may see, with fixed query counts."""

from django.db.models import Q, QuerySet
from django.http import Http404

from partnership.authz import roles_of
from stakeholders.models import Organisation, Role

from .models import Activity
from .rules import PUBLIC_STATUSES


def activities_visible_to(user) -> QuerySet[Activity]:
    """Approved, ongoing and completed activities for everyone; proposals and
    declined ones also for those involved, the committee and the secretariat."""
    queryset = Activity.objects.all()
    if not user.is_authenticated:
        return queryset.filter(status__in=PUBLIC_STATUSES)
    roles = roles_of(user)
    if roles.is_secretariat or roles.has(Role.COMMITTEE):
        return queryset
    mine = Q(proposed_by=user) | Q(
        lead_organisation__people__user=user,
        lead_organisation__status=Organisation.Status.ACTIVE,
    )
    mine |= Q(organisations__people__user=user) | Q(group__memberships__user=user)
    return queryset.filter(Q(status__in=PUBLIC_STATUSES) | mine).distinct()


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
