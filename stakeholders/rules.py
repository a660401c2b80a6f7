"""Authorisation rules for members, applications and roles.

Registered with the portal's one authorisation module (`common.authz`);
ask them through `user.has_perm(perm, obj)` or `{% if perms... %}`.

Who sees and decides an application, and who edits an organisation, are
written in three forms side by side: the check, the rows a user sees
(`*_visible_to(user)`, a Q or EVERYONE) and the users who see a row
(`*_audience(obj)`, a Q on users); tests/test_rules_agree.py holds them to
the same answers.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_users,
    granted,
    holding,
    roles_of,
    rule,
    scope_filter,
    sees_everything,
    signed_in,
)

from .models import MembershipApplication, Organisation, Person, Role, RoleAssignment


def _covers(roles, role, obj) -> bool:
    return bool(roles.covering(role, obj.country_id, obj.stakeholder_type_id))


def _focal_points_covering(obj) -> Q:
    return holding(
        Role.FOCAL_POINT,
        country_id=obj.country_id,
        stakeholder_type_id=obj.stakeholder_type_id,
        scoped=True,
    )


def _focal_scope(user) -> Q | None:
    """The rows inside the user's focal-point scopes (None: all of them)."""
    return scope_filter(roles_of(user).of(Role.FOCAL_POINT))


@rule(
    "partnership.access_admin",
    _("use the administration site once two-factor sign-in is on"),
    roles=(Role.SECRETARIAT,),
)
def can_access_admin(user, obj, roles):
    return roles.is_secretariat


@rule(
    "partnership.view_access",
    _("see what any user may do, and why, and read every change history"),
    roles=(Role.SECRETARIAT,),
)
def can_view_access(user, obj, roles):
    return roles.is_secretariat


@rule(
    "stakeholders.review_applications",
    _("open the queue of membership applications"),
    roles=(Role.SECRETARIAT, Role.FOCAL_POINT),
)
def can_review_applications(user, obj, roles):
    return roles.is_secretariat or roles.has(Role.FOCAL_POINT)


# --- Deciding an application: `stakeholders.decide_application` -------------


@rule(
    "stakeholders.decide_application",
    _("see and decide membership applications for %(scope)s (except their own)"),
    roles=(Role.SECRETARIAT, Role.FOCAL_POINT),
)
def can_decide_application(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.FOCAL_POINT)
    if not isinstance(obj, MembershipApplication) or obj.applicant_id == user.pk:
        return False  # nobody decides their own application
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


def decidable_by(user) -> Q:
    """`stakeholders.decide_application` as a filter on applications."""
    if not signed_in(user):
        return Q(pk__in=[])
    mine = Q(applicant=user)
    if sees_everything(user):
        return ~mine
    scope = _focal_scope(user)
    return ~mine if scope is None else scope & ~mine


def deciders(application: MembershipApplication) -> Q:
    """`stakeholders.decide_application` as a filter on users: the secretariat
    and the focal points covering the application; never its applicant."""
    return (holding(Role.SECRETARIAT) | _focal_points_covering(application)) & ~Q(
        pk=application.applicant_id
    )


def deciders_of(application: MembershipApplication):
    """Those told that an application awaits their decision."""
    return active_users().filter(deciders(application))


# --- Seeing an application: `stakeholders.view_application` ------------------


@rule(
    "stakeholders.view_application",
    _("see membership applications for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.FOCAL_POINT),
)
def can_view_application(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.FOCAL_POINT)
    if obj.applicant_id == user.pk:
        return True
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


def applications_visible_to(user) -> Q | None:
    """`stakeholders.view_application` as a filter on applications."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user):
        return EVERYONE
    scope = _focal_scope(user)
    if scope is None:
        return EVERYONE
    return scope | Q(applicant=user)


def application_audience(application: MembershipApplication) -> Q:
    """`stakeholders.view_application` as a filter on users."""
    return (
        holding(Role.SECRETARIAT)
        | _focal_points_covering(application)
        | Q(pk=application.applicant_id)
    )


# --- Editing an organisation: `stakeholders.change_organisation` --------------


@rule(
    "stakeholders.change_organisation",
    _("edit the profiles of organisations for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.FOCAL_POINT),
)
def can_change_organisation(user, obj, roles):
    # Representatives hold a per-object grant, answered by django-guardian.
    if obj is None:
        return roles.is_secretariat
    if not isinstance(obj, Organisation):
        return False
    return roles.is_secretariat or _covers(roles, Role.FOCAL_POINT, obj)


def editable_by(user) -> Q | None:
    """`stakeholders.change_organisation` as a filter on organisations
    (EVERYONE: all): the secretariat, a focal point within their scope,
    representatives by their per-object grant."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user):
        return EVERYONE
    from guardian.shortcuts import get_objects_for_user

    scope = _focal_scope(user)
    if scope is None:
        return EVERYONE
    granted_to = get_objects_for_user(
        user,
        "stakeholders.change_organisation",
        klass=Organisation,
        accept_global_perms=False,
        with_superuser=False,
    )
    return scope | Q(pk__in=granted_to.values("pk"))


def editors(organisation: Organisation) -> Q:
    """`stakeholders.change_organisation` as a filter on users."""
    return (
        holding(Role.SECRETARIAT)
        | _focal_points_covering(organisation)
        | granted("change_organisation", organisation)
    )


@rule(
    "stakeholders.export_directory",
    _("export the member directory"),
    roles=(Role.SECRETARIAT,),
)
def can_export_directory(user, obj, roles):
    return roles.is_secretariat


@rule(
    "stakeholders.assign_roles",
    _("assign and end roles"),
    roles=(Role.SECRETARIAT,),
)
def can_assign_roles(user, obj, roles):
    return roles.is_secretariat


# --- Seeing a person (a user account): `stakeholders.view_person` -------------
#
# A person is inside a focal point's scope when one of their affiliations is
# an organisation of that country (and stakeholder type), or one of their
# role assignments (past ones too) is limited to it.


def _person_scope_rows(person) -> set[tuple]:
    """(country id, stakeholder type id) of the person's affiliations and role
    assignments: what a focal point's scope is compared with."""
    rows = set(
        Person.objects.filter(user=person).values_list(
            "organisation__country_id", "organisation__stakeholder_type_id"
        )
    )
    rows |= set(
        RoleAssignment.objects.filter(user=person, country__isnull=False).values_list(
            "country_id", "stakeholder_type_id"
        )
    )
    return rows


@rule(
    "stakeholders.view_person",
    _("see the people of %(scope)s, their roles and what they may do"),
    roles=(Role.SECRETARIAT, Role.FOCAL_POINT),
)
def can_view_person(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.FOCAL_POINT)
    if roles.is_secretariat:
        return True
    if not roles.has(Role.FOCAL_POINT) or obj._meta.label_lower != "partnership.user":
        return False
    return any(
        roles.covering(Role.FOCAL_POINT, country_id, type_id)
        for country_id, type_id in _person_scope_rows(obj)
    )


def people_visible_to(user) -> Q | None:
    """`stakeholders.view_person` as a filter on users (EVERYONE: all)."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user):
        return EVERYONE
    focal = roles_of(user).of(Role.FOCAL_POINT)
    by_affiliation = scope_filter(
        focal, country="organisation__country", stakeholder_type="organisation__stakeholder_type"
    )
    by_role = scope_filter(focal)
    if by_affiliation is None or by_role is None:
        return EVERYONE
    return Q(pk__in=Person.objects.filter(by_affiliation).values("user_id")) | Q(
        pk__in=RoleAssignment.objects.filter(by_role, country__isnull=False).values("user_id")
    )


def person_audience(person) -> Q:
    """`stakeholders.view_person` as a filter on users: the secretariat and
    the focal points whose scope covers one of the person's rows."""
    audience = holding(Role.SECRETARIAT)
    for country_id, type_id in _person_scope_rows(person):
        audience |= holding(
            Role.FOCAL_POINT, country_id=country_id, stakeholder_type_id=type_id, scoped=True
        )
    return audience
