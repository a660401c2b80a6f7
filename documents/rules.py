"""Authorisation rules for the document library.

Registered with the portal's one authorisation module (`common.authz`);
ask them through `user.has_perm(perm, obj)`. Group membership is a
django-guardian grant on the group (`workinggroups.view_private`,
`workinggroups.upload_document`), so these rules ask for it in turn.

`ScopedRoleBackend` answers nothing for visitors who are not signed in, so a
public document is visible to them without asking (see `selectors.may_view`).
"""

from django.db.models import Q

from common.authz import rule
from stakeholders.selectors import is_partner
from workinggroups.models import WorkingGroup

from .models import Document


@rule("documents.view_document", "see and download a document")
def can_view_document(user, obj, roles):
    if roles.is_secretariat:
        return True
    if not isinstance(obj, Document):
        return False
    if obj.access == Document.Access.PUBLIC:
        return True
    if obj.access == Document.Access.MEMBERS:
        return is_partner(user)
    return obj.group_id is not None and user.has_perm("workinggroups.view_private", obj.group)


@rule("documents.add_document", "add a document to the library, outside any group")
def can_add_document(user, obj, roles):
    # Adding to a group is the group's own grant, `workinggroups.upload_document`
    # (asked on the group: django-guardian refuses a documents permission asked
    # of a group object); see `may_add_to`.
    return roles.is_secretariat or (obj is None and is_partner(user))


def may_add_to(user, group: WorkingGroup | None) -> bool:
    """May `user` add a document to `group`, or to the library when it is None?"""
    if group is None:
        return user.has_perm("documents.add_document")
    return user.has_perm("workinggroups.upload_document", group)


@rule("documents.change_document", "edit a document and upload new versions of it")
def can_change_document(user, obj, roles):
    if roles.is_secretariat:
        return True
    if not isinstance(obj, Document):
        return False
    if obj.uploaded_by_id is not None and obj.uploaded_by_id == user.pk:
        return True
    return obj.group_id is not None and user.has_perm("workinggroups.upload_document", obj.group)


@rule("documents.delete_document", "delete a document and all its versions")
def can_delete_document(user, obj, roles):
    return roles.is_secretariat


# --- The users who see a document: documents.view_document as a filter on users ---------


def audience(document: Document) -> Q:
    """The users who may see `document` (a filter on users), the same answer
    as `can_view_document` person by person (an empty Q: everyone)."""
    from django.utils import timezone
    from guardian.models import UserObjectPermission

    from stakeholders.models import Organisation, Person, Role, RoleAssignment

    if document.access == Document.Access.PUBLIC:
        return Q()
    assignments = RoleAssignment.objects.active(on=timezone.localdate())
    secretariat = Q(pk__in=assignments.filter(role=Role.SECRETARIAT).values("user_id"))
    if document.access == Document.Access.MEMBERS:
        # stakeholders.selectors.is_partner: an active role or an active organisation
        partners = Q(pk__in=assignments.values("user_id")) | Q(
            pk__in=Person.objects.filter(
                organisation__status=Organisation.Status.ACTIVE, user__isnull=False
            ).values("user_id")
        )
        return Q(is_active=True) & partners
    if document.group_id is None:
        return Q(is_active=True) & secretariat
    # The group's `workinggroups.view_private` grant (django-guardian).
    holders = UserObjectPermission.objects.filter(
        content_type__app_label="workinggroups",
        content_type__model="workinggroup",
        object_pk=str(document.group_id),
        permission__codename="view_private",
    ).values("user_id")
    return Q(is_active=True) & (secretariat | Q(pk__in=holders))
