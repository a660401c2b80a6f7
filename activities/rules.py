"""Authorisation rules for activities, reports and exact locations.

"Who sees an activity" and "who sees its report" are written in three forms
side by side: the check (`can_view`, `can_view_report`), the rows a user sees
(`visible_to`, `reports_visible_to`) and the users who see a row
(`audience`, `report_audience`); tests/test_rules_agree.py holds them to the
same answers.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_organisation_ids,
    active_users,
    anyone,
    granted,
    holding,
    roles_of,
    rule,
    sees_everything,
    signed_in,
    working_for,
)
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


def _involved_in(user, prefix: str = "") -> Q:
    """`is_involved` as a filter on activities (`prefix` reaches them from
    another model, e.g. "activity__")."""
    from workinggroups.rules import private_groups_of

    mine = Person.objects.filter(user=user, organisation__status=Organisation.Status.ACTIVE).values(
        "organisation_id"
    )
    participating = Activity.organisations.through.objects.filter(
        activity=OuterRef(f"{prefix}pk"), organisation_id__in=mine
    )
    return (
        Q(**{f"{prefix}proposed_by": user})
        | Q(**{f"{prefix}lead_organisation__in": mine})
        | Exists(participating)
        | Q(**{f"{prefix}group__in": private_groups_of(user)})
    )


def _involved_users(activity: Activity) -> Q:
    """`is_involved` as a filter on users."""
    involved = working_for(involved_organisation_ids(activity))
    if activity.proposed_by_id is not None:
        involved |= Q(pk=activity.proposed_by_id)
    if activity.group_id is not None:
        involved |= granted("view_private", activity.group)
    return involved


def people_of(activity: Activity):
    """Who proposed the activity and the people of its lead organisation while
    it is an active member: involved, so they see it in every status (told
    of the committee's decisions)."""
    involved = working_for([activity.lead_organisation_id])
    if activity.proposed_by_id:
        involved |= Q(pk=activity.proposed_by_id)
    return active_users().filter(involved)


@rule(
    "activities.propose_activity",
    _("propose joint activities"),
    roles=tuple(Role.values),
)
def can_propose(user, obj, roles):
    return roles.is_secretariat or is_partner(user)


@rule(
    "activities.view_activity",
    _("see every activity, proposals and declined ones included"),
    anonymous=True,
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_view(user, obj, roles):
    if not isinstance(obj, Activity):
        return False
    if obj.status in PUBLIC_STATUSES:
        return True
    if not user.is_authenticated:
        return False
    # proposals and declined ones: those involved, the committee, the secretariat
    return roles.is_secretariat or roles.has(Role.COMMITTEE) or is_involved(user, obj)


def _sees_all_activities(user) -> bool:
    return sees_everything(user) or (signed_in(user) and roles_of(user).has(Role.COMMITTEE))


def visible_to(user) -> Q | None:
    """`activities.view_activity` as a filter on activities (EVERYONE: all)."""
    public = Q(status__in=PUBLIC_STATUSES)
    if not signed_in(user):
        return public
    if _sees_all_activities(user):
        return EVERYONE
    return public | _involved_in(user)


def audience(activity: Activity) -> Q:
    """`activities.view_activity` as a filter on users."""
    if activity.status in PUBLIC_STATUSES:
        return anyone()
    return holding(Role.SECRETARIAT) | holding(Role.COMMITTEE) | _involved_users(activity)


@rule(
    "activities.change_activity",
    _("edit every activity, its indicators and its report"),
    roles=(Role.SECRETARIAT,),
)
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


@rule(
    "activities.view_exact_location",
    _("see the exact point of every sensitive activity"),
    roles=(Role.SECRETARIAT,),
)
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


def exact_location_visible_to(user) -> Q | None:
    """`activities.view_exact_location` as a filter on activities (EVERYONE:
    all): those involved, people of active member organisations in the
    activity's countries, and holders of a per-object grant."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user):
        return EVERYONE
    from guardian.shortcuts import get_objects_for_user

    countries = Person.objects.filter(
        user=user, organisation__status=Organisation.Status.ACTIVE
    ).values("organisation__country_id")
    in_country = Activity.countries.through.objects.filter(
        activity_id=OuterRef("pk"), country_id__in=countries
    )
    granted_to = get_objects_for_user(
        user,
        "activities.view_exact_location",
        klass=Activity,
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")
    return _involved_in(user) | Exists(in_country) | Q(pk__in=granted_to)


def exact_location_audience(activity: Activity) -> Q:
    """`activities.view_exact_location` as a filter on users."""
    in_country = Person.objects.filter(
        organisation__status=Organisation.Status.ACTIVE,
        organisation__country__in=activity.countries.all(),
    ).values("user_id")
    return (
        holding(Role.SECRETARIAT)
        | _involved_users(activity)
        | Q(pk__in=in_country)
        | granted("view_exact_location", activity)
    )


@rule(
    "activities.view_report",
    _("see every activity report, drafts included"),
    anonymous=True,
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_view_report(user, obj, roles):
    if not isinstance(obj, Report):
        return False
    if obj.status == Report.Status.ACCEPTED:
        return can_view(user, obj.activity, roles)
    if not user.is_authenticated:
        return False
    return roles.is_secretariat or roles.has(Role.COMMITTEE) or is_involved(user, obj.activity)


def reports_visible_to(user) -> Q | None:
    """`activities.view_report` as a filter on reports (EVERYONE: all)."""
    accepted_public = Q(status=Report.Status.ACCEPTED, activity__status__in=PUBLIC_STATUSES)
    if not signed_in(user):
        return accepted_public
    if _sees_all_activities(user):
        return EVERYONE
    return accepted_public | _involved_in(user, prefix="activity__")


def report_audience(report: Report) -> Q:
    """`activities.view_report` as a filter on users."""
    activity = report.activity
    if report.status == Report.Status.ACCEPTED and activity.status in PUBLIC_STATUSES:
        return anyone()
    return holding(Role.SECRETARIAT) | holding(Role.COMMITTEE) | _involved_users(activity)
