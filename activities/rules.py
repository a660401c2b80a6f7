"""Authorisation rules for activities, reports and exact locations."""

from common.authz import active_organisation_ids, rule
from stakeholders.models import Organisation, Person, Role
from stakeholders.selectors import is_partner

from .models import Activity, Report

PUBLIC_STATUSES = (Activity.Status.APPROVED, Activity.Status.ONGOING, Activity.Status.COMPLETED)


def _works_for(user, organisation_ids) -> bool:
    return not active_organisation_ids(user).isdisjoint(organisation_ids)


def involved_organisation_ids(activity: Activity) -> set[int]:
    ids = {activity.lead_organisation_id}
    ids.update(organisation.pk for organisation in activity.organisations.all())
    return ids


def is_involved(user, activity: Activity) -> bool:
    """Works for one of the activity's organisations, proposed it, or is in its group."""
    if activity.proposed_by_id is not None and activity.proposed_by_id == user.pk:
        return True
    if activity.group_id and user.has_perm("workinggroups.view_private", activity.group):
        return True
    return _works_for(user, involved_organisation_ids(activity))


@rule("activities.propose_activity", "propose a joint activity")
def can_propose(user, obj, roles):
    return roles.is_secretariat or is_partner(user)


@rule("activities.view_activity", "see an activity", anonymous=True)
def can_view(user, obj, roles):
    if not isinstance(obj, Activity):
        return False
    if obj.status in PUBLIC_STATUSES:
        return True
    if not user.is_authenticated:
        return False
    # proposals and declined ones: those involved, the committee, the secretariat
    return roles.is_secretariat or roles.has(Role.COMMITTEE) or is_involved(user, obj)


@rule("activities.change_activity", "edit an activity, its indicators and its report")
def can_change(user, obj, roles):
    if roles.is_secretariat:
        return True
    if not isinstance(obj, Activity):
        return False
    if obj.proposed_by_id is not None and obj.proposed_by_id == user.pk:
        return True
    if user.has_perm("stakeholders.change_organisation", obj.lead_organisation) and (
        obj.lead_organisation.people.filter(user=user, is_representative=True).exists()
    ):
        return True  # the lead organisation's representative (not a focal point)
    return bool(obj.group_id) and user.has_perm("workinggroups.edit_workplan", obj.group)


@rule("activities.view_exact_location", "see the exact point of a sensitive activity")
def can_view_exact_location(user, obj, roles):
    """Partners entitled to a sensitive point: the secretariat, those involved,
    and people of member organisations in the activity's countries; others
    only by an explicit grant (django-guardian, asked next)."""
    if roles.is_secretariat:
        return True
    if not isinstance(obj, Activity) or not user.is_authenticated:
        return False
    if is_involved(user, obj):
        return True
    return Person.objects.filter(
        user=user,
        organisation__status=Organisation.Status.ACTIVE,
        organisation__country__in=obj.countries.all(),
    ).exists()


@rule("activities.view_report", "see an activity's report", anonymous=True)
def can_view_report(user, obj, roles):
    if not isinstance(obj, Report):
        return False
    if obj.status == Report.Status.ACCEPTED:
        return can_view(user, obj.activity, roles)
    if not user.is_authenticated:
        return False
    return roles.is_secretariat or roles.has(Role.COMMITTEE) or is_involved(user, obj.activity)
