"""Authorisation rules for members, applications and roles.

Registered with the portal's one authorisation module (`common.authz`);
ask them through `user.has_perm(perm, obj)` or `{% if perms... %}`.
"""

from common.authz import rule

from .models import MembershipApplication, Organisation, Role


def _covers(roles, role, obj) -> bool:
    return bool(roles.covering(role, obj.country_id, obj.stakeholder_type_id))


@rule("partnership.access_admin", "use the administration site")
def can_access_admin(user, obj, roles):
    return roles.is_secretariat


@rule("partnership.view_access", "see what any user may do, and why")
def can_view_access(user, obj, roles):
    return roles.is_secretariat


@rule("stakeholders.review_applications", "open the queue of membership applications")
def can_review_applications(user, obj, roles):
    return roles.is_secretariat or roles.has(Role.FOCAL_POINT)


@rule("stakeholders.decide_application", "approve or reject a membership application")
def can_decide_application(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.FOCAL_POINT)
    if not isinstance(obj, MembershipApplication) or obj.applicant_id == user.pk:
        return False  # nobody decides their own application
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


@rule("stakeholders.view_application", "see a membership application")
def can_view_application(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.FOCAL_POINT)
    if obj.applicant_id == user.pk:
        return True
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


@rule("stakeholders.change_organisation", "edit an organisation's profile")
def can_change_organisation(user, obj, roles):
    # Representatives hold a per-object grant, answered by django-guardian.
    if obj is None:
        return roles.is_secretariat
    if not isinstance(obj, Organisation):
        return False
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


@rule("stakeholders.export_directory", "export the member directory as CSV")
def can_export_directory(user, obj, roles):
    return roles.is_secretariat


@rule("stakeholders.assign_roles", "assign and end roles")
def can_assign_roles(user, obj, roles):
    return roles.is_secretariat
