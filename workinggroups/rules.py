"""Authorisation rules for working groups and work plans.

Group members hold per-object grants on their group (django-guardian, kept in
step with their role by `services.membership_sync_grants`); these rules add
what roles give: the secretariat runs every group, and the committee reads
what is submitted to it.
"""

from common.authz import rule
from stakeholders.models import Role

from .models import GROUP_PERMISSIONS, WorkingGroup, WorkPlanVersion


def _secretariat_rule(user, obj, roles):
    return roles.is_secretariat


for _codename in GROUP_PERMISSIONS:
    rule(f"workinggroups.{_codename}", f"group permission {_codename}")(_secretariat_rule)


@rule("workinggroups.view_workplan_version", "see a version of a work plan", anonymous=True)
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
