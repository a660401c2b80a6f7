"""Authorisation rules for working groups and work plans.

Group members hold per-object grants on their group (django-guardian, kept in
step with their role by `services.membership_sync_grants`); these rules add
what roles give: the secretariat runs every group, and the committee reads
what is submitted to it.

Each rule that decides who sees something is written in three forms side by
side: the check (`user.has_perm`), the rows a user sees (`*_visible_to(user)`,
a Q or EVERYONE) and the users who see a row (`*_audience(obj)`, a Q on
users). tests/test_rules_agree.py holds the three to the same answers.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_users,
    anyone,
    granted,
    holding,
    rule,
    sees_everything,
    signed_in,
)
from stakeholders.models import Role

from .models import GROUP_PERMISSIONS, WorkingGroup, WorkPlanVersion


def _secretariat_rule(user, obj, roles):
    return roles.is_secretariat


for _codename in GROUP_PERMISSIONS:
    rule(
        f"workinggroups.{_codename}",
        _("run every working group: its members, work plans, meetings and documents"),
        roles=(Role.SECRETARIAT,),
    )(_secretariat_rule)


# --- A group's private content: `workinggroups.view_private` ---------------------


def private_groups_of(user):
    """The ids of the groups whose private content `user` sees by a grant on
    the group (a subquery; no query of its own)."""
    from guardian.shortcuts import get_objects_for_user

    return get_objects_for_user(
        user,
        "workinggroups.view_private",
        klass=WorkingGroup,
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")


def private_audience(group) -> Q:
    """`workinggroups.view_private` on `group` as a filter on users."""
    return holding(Role.SECRETARIAT) | granted("view_private", group)


def group_members_seeing(group):
    """The group's members who see its private content (told of its work plans)."""
    return (
        active_users().filter(group_memberships__group=group).filter(granted("view_private", group))
    )


def join_request_deciders(group):
    """The group's leads and co-chairs (the per-object grant
    `decide_join_request`): those told of a request to join it. The
    secretariat may decide one too, but is not told of every request."""
    return active_users().filter(granted("decide_join_request", group))


# --- A version of a work plan: `workinggroups.view_workplan_version` -------------


@rule(
    "workinggroups.view_workplan_version",
    _("see every working group's work plans, drafts included"),
    anonymous=True,
    roles=(Role.SECRETARIAT,),
)
def can_view_workplan_version(user, obj, roles):
    if not isinstance(obj, WorkPlanVersion):
        return roles.is_secretariat
    if obj.status == WorkPlanVersion.Status.APPROVED:
        return True  # approved plans are public
    if not user.is_authenticated:
        return False
    group: WorkingGroup = obj.plan.group
    if roles.is_secretariat or user.has_perm("workinggroups.view_private", group):
        return True
    # the committee sees what is submitted to it, not the group's drafts
    return obj.status != WorkPlanVersion.Status.DRAFT and roles.has(Role.COMMITTEE)


def workplan_versions_visible_to(user) -> Q | None:
    """The versions `user` sees, as a filter on WorkPlanVersion."""
    if sees_everything(user):
        return EVERYONE
    visible = Q(status=WorkPlanVersion.Status.APPROVED)
    if not signed_in(user):
        return visible
    from common.authz import roles_of

    visible |= Q(plan__group__in=private_groups_of(user))
    if roles_of(user).has(Role.COMMITTEE):
        visible |= ~Q(status=WorkPlanVersion.Status.DRAFT)
    return visible


def workplan_version_audience(version: WorkPlanVersion) -> Q:
    """The users who see `version`, as a filter on users."""
    if version.status == WorkPlanVersion.Status.APPROVED:
        return anyone()
    audience = private_audience(version.plan.group)
    if version.status != WorkPlanVersion.Status.DRAFT:
        audience |= holding(Role.COMMITTEE)
    return audience
