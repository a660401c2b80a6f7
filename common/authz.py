"""The portal's one authorisation module.

Every "may this user do X (to this object)?" question is answered here, through
Django's permission API, so views (`user.has_perm`), templates (`perms`), the
admin and the API share one set of rules:

* `ScopedRoleBackend` answers portal permissions from the user's *active* role
  assignments (role + optional country + optional stakeholder type, with an
  optional end date), using the rules that each app registers with `@rule` in
  its `rules.py`.
* django-guardian's backend (next in AUTHENTICATION_BACKENDS) answers per-object
  grants, such as "representative of this organisation may edit it".
* `explain()` turns both into plain words for the secretariat.

Django's `User.has_perm` asks each backend in turn and allows if any allows.
Rules therefore only ever *grant*; a refusal that must hold for everyone
(nobody decides their own application) is a rule's condition and is enforced
again by the service that does the work.
"""

from __future__ import annotations

import ast
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.core import checks
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.backends import ObjectPermissionBackend, check_support
from guardian.core import ObjectPermissionChecker

# `common` sits below the domain apps and imports none of them: the role and
# membership models are asked of the app registry by name.
ROLE_ASSIGNMENT_MODEL = "stakeholders.RoleAssignment"
PERSON_MODEL = "stakeholders.Person"
ORGANISATION_MODEL = "stakeholders.Organisation"
# The value of `stakeholders.models.Role.SECRETARIAT`.
SECRETARIAT_ROLE = "secretariat"

# Apps whose admin model permissions the secretariat holds by role.
SECRETARIAT_APPS = frozenset(
    {
        "partnership",
        "stakeholders",
        "workinggroups",
        "committee",
        "meetings",
        "documents",
        "activities",
        "news",
        "monitoring",
        "notifications",
        "account",
        "mfa",
        "django_celery_beat",
        "sites",
    }
)


@dataclass(frozen=True)
class Rule:
    perm: str
    check: Callable
    # Plain words for what the rule lets one do; may hold "%(scope)s", the
    # scope of the role assignment that grants it (see `explain`).
    label: str
    # Asked for visitors who are not signed in too (they hold no roles); off
    # by default so that no rule has to think about anonymous users.
    anonymous: bool = False
    # The roles (stakeholders.Role values) that grant this rule, for `explain`:
    # an assignment of one of them lists the rule's label.
    roles: tuple = ()


RULES: dict[str, Rule] = {}


def rule(perm: str, label, *, anonymous: bool = False, roles=()):
    """Register `check(user, obj, roles) -> bool` as the rule for `perm`."""

    def register(check):
        RULES[perm] = Rule(
            perm=perm, check=check, label=label, anonymous=anonymous, roles=tuple(roles)
        )
        return check

    return register


@dataclass
class Roles:
    """A user's active role assignments, loaded once per user object."""

    assignments: list = field(default_factory=list)

    def of(self, role) -> list:
        return [a for a in self.assignments if a.role == role]

    def has(self, role) -> bool:
        return any(a.role == role for a in self.assignments)

    def covering(self, role, country_id, stakeholder_type_id) -> list:
        return [
            a
            for a in self.assignments
            if a.role == role and a.covers(country_id, stakeholder_type_id)
        ]

    @property
    def is_secretariat(self) -> bool:
        return self.has(SECRETARIAT_ROLE)


def scope_filter(assignments, *, country="country", stakeholder_type="stakeholder_type"):
    """A Q object selecting the rows inside the scopes of `assignments`, or
    None when one of them is unscoped (every row). `country` and
    `stakeholder_type` name the row's fields to compare."""
    from django.db.models import Q

    condition = Q(pk__in=[])
    for assignment in assignments:
        clause = {}
        if assignment.country_id:
            clause[f"{country}_id"] = assignment.country_id
        if assignment.stakeholder_type_id:
            clause[f"{stakeholder_type}_id"] = assignment.stakeholder_type_id
        if not clause:
            return None  # an unscoped assignment covers everything
        condition |= Q(**clause)
    return condition


# --- Rules as filters on users (the "audience" form of a rule) ---------------
#
# Each app's rules.py writes a rule three times, side by side: the check
# (`user.has_perm(perm, obj)`), the rows a user sees (`visible_to(user)`, a Q
# on the rows or None for all of them) and the users who see a row
# (`audience(obj)`, a Q on users). These helpers build the third form.

EVERYONE = None  # `visible_to` answers this when the user sees every row


def anyone():
    """`audience` answers this when every user sees the row. (Not an empty Q:
    `Q() | other` is `other`, so an empty Q would vanish when combined.)"""
    from django.db.models import Q

    return Q(pk__isnull=False)


def active_users():
    """Every active account (the base of the notices' recipient lists)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True)


def users_matching(condition):
    """Active users matching `condition` (a Q on users), superusers included
    (Django grants them every permission)."""
    from django.db.models import Q

    return active_users().filter(condition | Q(is_superuser=True))


def granted(codename: str, obj):
    """Users holding the per-object grant `codename` (django-guardian) on `obj`."""
    from django.db.models import Q
    from guardian.models import UserObjectPermission

    # The content type joined by name: no lookup query, cache or not.
    holders = UserObjectPermission.objects.filter(
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_pk=str(obj.pk),
        permission__codename=codename,
    ).values("user_id")
    return Q(pk__in=holders)


def holding(role, *, country_id=None, stakeholder_type_id=None, scoped: bool = False):
    """Users with an active assignment of `role`; with `scoped`, only those
    whose assignment covers the country and stakeholder type (an empty scope
    covers all, as in RoleAssignment.covers)."""
    from django.db.models import Q

    RoleAssignment = apps.get_model(ROLE_ASSIGNMENT_MODEL)
    assignments = RoleAssignment.objects.active(on=timezone.localdate()).filter(role=role)
    if scoped:
        assignments = assignments.filter(
            Q(country__isnull=True) | Q(country_id=country_id),
            Q(stakeholder_type__isnull=True) | Q(stakeholder_type_id=stakeholder_type_id),
        )
    return Q(pk__in=assignments.values("user_id"))


def working_for(organisation_ids):
    """Users who work for one of these organisations while it is an active
    member (`active_organisation_ids` as a filter); `organisation_ids` may be
    a list or a subquery."""
    from django.db.models import Q

    Organisation = apps.get_model(ORGANISATION_MODEL)
    Person = apps.get_model(PERSON_MODEL)
    return Q(
        pk__in=Person.objects.filter(
            organisation_id__in=organisation_ids,
            organisation__status=Organisation.Status.ACTIVE,
        ).values("user_id")
    )


def partners():
    """`stakeholders.selectors.is_partner` as a filter on users: an active role
    or a person of an active member organisation."""
    from django.db.models import Q

    Organisation = apps.get_model(ORGANISATION_MODEL)
    Person = apps.get_model(PERSON_MODEL)
    RoleAssignment = apps.get_model(ROLE_ASSIGNMENT_MODEL)
    return Q(pk__in=RoleAssignment.objects.active(on=timezone.localdate()).values("user_id")) | Q(
        pk__in=Person.objects.filter(organisation__status=Organisation.Status.ACTIVE).values(
            "user_id"
        )
    )


def sees_everything(user) -> bool:
    """Superusers and the secretariat: `visible_to` answers EVERYONE for them."""
    return signed_in(user) and (user.is_superuser or roles_of(user).is_secretariat)


def signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def roles_of(user) -> Roles:
    """The user's active assignments, cached on the user object (one query)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        RoleAssignment = apps.get_model(ROLE_ASSIGNMENT_MODEL)
        today = timezone.localdate()
        cached = Roles(list(RoleAssignment.objects.active(on=today).filter(user=user)))
        user._portal_roles = cached
    return cached


def active_organisation_ids(user) -> frozenset[int]:
    """The active member organisations the user works for, cached on the user
    object (one query), so rules asked of many objects on one page (each
    action item, each activity) do not ask the database each time."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = user.__dict__.get("_portal_organisations")
    if cached is None:
        Organisation = apps.get_model(ORGANISATION_MODEL)
        Person = apps.get_model(PERSON_MODEL)
        cached = frozenset(
            Person.objects.filter(
                user=user, organisation__status=Organisation.Status.ACTIVE
            ).values_list("organisation_id", flat=True)
        )
        user._portal_organisations = cached
    return cached


def forget_cached_permissions(user) -> None:
    """Drop the roles, organisations and object grants cached on this user
    object, e.g. after an assignment or a membership changed in this request."""
    user.__dict__.pop("_portal_roles", None)
    user.__dict__.pop("_portal_organisations", None)
    user.__dict__.pop("_guardian_checker", None)
    user.__dict__.pop("_translation_grants", None)  # news.rules.grants_of
    user.__dict__.pop("_committee_seat", None)  # committee.rules.current_seat
    user.__dict__.pop("_committee_chair", None)  # committee.rules.is_chair


# --- Which permission names exist --------------------------------------------


@functools.cache
def model_permissions() -> frozenset[str]:
    """Every permission the models define: Django's default ones (add, change,
    delete, view) and each model's Meta.permissions, as "app_label.codename"."""
    names = set()
    for model in apps.get_models():
        opts = model._meta
        for action in opts.default_permissions:
            names.add(f"{opts.app_label}.{action}_{opts.model_name}")
        for codename, _label in opts.permissions:
            names.add(f"{opts.app_label}.{codename}")
    return frozenset(names)


def is_known_permission(perm: str) -> bool:
    """Does a rule or a model define `perm`?"""
    return perm in RULES or perm in model_permissions()


class UnknownPermission(LookupError):
    """A permission name that no rule and no model defines: a typo that
    would otherwise be answered "no" in silence."""


class ScopedRoleBackend(BaseBackend):
    """Answers portal permissions from scoped role assignments."""

    def has_perm(self, user_obj, perm, obj=None):
        if getattr(settings, "AUTHZ_STRICT", settings.DEBUG) and not is_known_permission(perm):
            raise UnknownPermission(perm)
        if user_obj.is_authenticated and not user_obj.is_active:
            return False  # a disabled account holds nothing
        registered = RULES.get(perm)
        if user_obj.is_anonymous and not (registered and registered.anonymous):
            return False
        roles = roles_of(user_obj)
        if registered is not None:
            return bool(registered.check(user_obj, obj, roles))
        # Plain model permissions (the admin's view/add/change/delete).
        return (
            obj is None
            and user_obj.is_authenticated
            and roles.is_secretariat
            and perm.split(".", 1)[0] in SECRETARIAT_APPS
        )

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        return app_label in SECRETARIAT_APPS and roles_of(user_obj).is_secretariat


# The models that carry per-object grants; asking guardian about any other
# object would be a database round trip that can only answer "no".
OBJECT_GRANT_MODELS = frozenset(
    {"stakeholders.organisation", "workinggroups.workinggroup", "activities.activity"}
)


class UserGrantsChecker(ObjectPermissionChecker):
    """guardian's checker without the query for grants through Django's
    groups, which the portal does not use (the admin does not offer them):
    one query per object instead of two."""

    def get_group_perms(self, obj):
        from django.contrib.auth.models import Permission

        return Permission.objects.none().values_list("codename", flat=True)


class CachedObjectPermissionBackend(ObjectPermissionBackend):
    """django-guardian's per-object grants, with two changes:

    * the permission checker (and its per-object cache) lives on the user
      object, so a page that asks about the same group twenty times runs one
      query, not twenty;
    * a permission of one app asked of another app's object is a plain "no"
      (guardian raises WrongAppError), so rules may ask freely;
    * only models that carry grants (OBJECT_GRANT_MODELS) are looked up.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or obj._meta.label_lower not in OBJECT_GRANT_MODELS:
            return False
        supported, user_obj = check_support(user_obj, obj)
        if not supported:
            return False
        app_label, _, codename = perm.rpartition(".")
        if app_label and app_label != obj._meta.app_label:
            return False
        checker = user_obj.__dict__.get("_guardian_checker")
        if checker is None:
            checker = UserGrantsChecker(user_obj)
            user_obj._guardian_checker = checker
        return checker.has_perm(codename, obj)


# --- Plain-words explanation ------------------------------------------------


@dataclass
class Explanation:
    title: str
    because: str
    allows: list[str]
    active: bool = True


def role_allows(assignment) -> list[str]:
    """What an assignment lets one do: the labels of the rules its role
    grants (`rule(..., roles=...)`), in their order of registration, each
    with the assignment's scope."""
    scope = assignment.scope_text()
    allows: list[str] = []
    for registered in RULES.values():
        if assignment.role not in registered.roles:
            continue
        text = str(registered.label)
        if "%(scope)s" in text:
            text = text % {"scope": scope}
        if text not in allows:
            allows.append(text)
    return allows


def explain(user) -> list[Explanation]:
    """What each of the user's roles and grants lets them see and do, and why."""
    from guardian.models import UserObjectPermission

    RoleAssignment = apps.get_model(ROLE_ASSIGNMENT_MODEL)
    today = timezone.localdate()
    items = [
        Explanation(
            title=_("Registered user"),
            because=_("has a confirmed account") if user.is_active else _("account is disabled"),
            allows=[
                _("apply for membership on behalf of an organisation"),
                _("follow their own applications and edit their own profile"),
            ],
            active=user.is_active,
        )
    ]
    assignments = list(
        RoleAssignment.objects.filter(user=user).select_related(
            "country", "stakeholder_type", "assigned_by"
        )
    )
    # The reason given for each assignment's latest change (its history).
    reasons = dict(
        RoleAssignment.history.filter(
            id__in=[assignment.pk for assignment in assignments], history_change_reason__gt=""
        )
        .order_by("history_date", "history_id")
        .values_list("id", "history_change_reason")
    )
    for assignment in assignments:
        active = assignment.is_active(on=today)
        because = assignment.reason_text()
        if reasons.get(assignment.pk):
            because = _("%(reason)s; latest change: “%(why)s”") % {
                "reason": because,
                "why": reasons[assignment.pk],
            }
        if not active:
            because = _("%(reason)s — not in force today, so it grants nothing") % {
                "reason": because
            }
        items.append(
            Explanation(
                title=assignment.title(),
                because=because,
                allows=role_allows(assignment),
                active=active,
            )
        )
    grants = (
        UserObjectPermission.objects.filter(user=user)
        .select_related("permission", "content_type")
        .order_by("content_type_id", "object_pk", "permission__codename")
    )
    by_object: dict = {}
    for grant in grants:
        by_object.setdefault((grant.content_type_id, grant.object_pk), []).append(grant)
    for object_grants in by_object.values():
        target = object_grants[0].content_object
        if target is None:
            continue
        codenames = [grant.permission.codename for grant in object_grants]
        title, allows = str(target), []
        for codename in codenames:
            describe = getattr(target, "describe_grant", None)
            title, more = describe(codename) if describe else (str(target), [codename])
            allows.extend(more)
        reason = getattr(target, "grant_reason", None)
        items.append(
            Explanation(
                title=title,
                because=(
                    reason(user)
                    if reason
                    else _("object permissions on %(obj)s: %(perms)s")
                    % {"obj": target, "perms": ", ".join(codenames)}
                ),
                allows=allows,
            )
        )
    if user.is_superuser:
        items.append(
            Explanation(
                title=_("Superuser"),
                because=_("technical account flag"),
                allows=[_("every permission, without role checks (use sparingly)")],
            )
        )
    return items


# --- A permission name that nothing defines is refused at start-up ------------

# `{% if perms.app.codename %}` in a template.
TEMPLATE_PERM = re.compile(r"\bperms\.([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")
# Calls whose first argument names a permission.
PERMISSION_CALLS = frozenset({"has_perm", "permission_required", "has_perms", "rule"})
SKIPPED_FOLDERS = frozenset(
    {"tests", "migrations", "node_modules", "static", "locale", "media", "__pycache__"}
)


def _project_files(root: Path, suffix: str):
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name for name in subfolders if not name.startswith(".") and name not in SKIPPED_FOLDERS
        ]
        for name in files:
            if name.endswith(suffix):
                yield Path(folder) / name


def _called_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def permission_names_in_python(source: str):
    """(line, name) of each permission named by a literal in `source`:
    `has_perm("a.b", ...)`, `has_perms(["a.b"])`, `permission_required("a.b")`,
    `rule("a.b", ...)` and `permission_required = "a.b"` in a class."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        values = []
        if isinstance(node, ast.Call) and _called_name(node) in PERMISSION_CALLS and node.args:
            first = node.args[0]
            values = first.elts if isinstance(first, (ast.List, ast.Tuple, ast.Set)) else [first]
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "permission_required"
            for target in node.targets
        ):
            value = node.value
            values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        for value in values:
            if isinstance(value, ast.Constant) and "." in str(value.value):
                yield value.lineno, value.value


def permission_names_in_template(text: str):
    """(line, name) of each `perms.app.codename` in a template."""
    for match in TEMPLATE_PERM.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, f"{match.group(1)}.{match.group(2)}"


def unknown_permissions(root: Path | None = None) -> list[tuple[str, int, str]]:
    """(file, line, name) of every permission named in the project's Python
    (ast) and templates (regex) that no rule and no model defines, and of
    every rule registered for an app that is not installed."""
    root = Path(root or settings.BASE_DIR)
    found = []
    for path in _project_files(root, ".py"):
        try:
            source = path.read_text(encoding="utf-8")
            if not any(call in source for call in PERMISSION_CALLS):
                continue  # no need to parse it
            names = list(permission_names_in_python(source))
        except (SyntaxError, UnicodeDecodeError):
            continue
        found += [(str(path.relative_to(root)), line, name) for line, name in names]
    for path in _project_files(root, ".html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [
            (str(path.relative_to(root)), line, name)
            for line, name in permission_names_in_template(text)
        ]
    unknown = [(file, line, name) for file, line, name in found if not is_known_permission(name)]
    labels = {config.label for config in apps.get_app_configs()}
    for perm, registered in RULES.items():
        if perm.split(".", 1)[0] not in labels:
            code = registered.check.__code__
            unknown.append((code.co_filename, code.co_firstlineno, perm))
    return unknown


@checks.register(checks.Tags.security)
def check_permission_names(app_configs=None, **kwargs):
    """A permission name that no rule or model defines is refused when the
    portal starts, not answered "no" in silence."""
    return [
        checks.Error(
            f"Unknown permission {name!r}: no rule (common.authz.rule) and no model defines it.",
            hint=f"{file}:{line}. Register a rule in the app's rules.py, or fix the name.",
            id="authz.E001",
        )
        for file, line, name in unknown_permissions()
    ]
