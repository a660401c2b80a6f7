"""Authorisation rules for the document library.

Registered with the portal's one authorisation module (`common.authz`);
ask them through `user.has_perm(perm, obj)`. Group membership is a
django-guardian grant on the group (`workinggroups.view_private`,
`workinggroups.upload_document`), so these rules ask for it in turn.

`ScopedRoleBackend` answers nothing for visitors who are not signed in, so a
public document is visible to them without asking (see `selectors.may_view`).

"Who sees a document" is written in three forms side by side: the check
(`can_view_document`), the documents a user sees (`visible_to`) and the users
who see a document (`audience`); tests/test_rules_agree.py holds them to the
same answers. The library, the digest and the notices ask these.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_users,
    anyone,
    holding,
    partners,
    rule,
    sees_everything,
    signed_in,
)
from stakeholders.models import Role
from stakeholders.selectors import is_partner
from workinggroups.models import WorkingGroup
from workinggroups.rules import private_audience, private_groups_of

from .models import Document


@rule(
    "documents.view_document",
    _("see and download every document, members-only and group-only ones included"),
    roles=(Role.SECRETARIAT,),
)
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


def visible_to(user) -> Q | None:
    """`documents.view_document` as a filter on documents (EVERYONE: all):
    public ones for everyone, members-only ones for partners, group-only ones
    for those who see the group's private content."""
    if sees_everything(user):
        return EVERYONE
    visible = Q(access=Document.Access.PUBLIC)
    if not signed_in(user):
        return visible
    if is_partner(user):
        visible |= Q(access=Document.Access.MEMBERS)
    return visible | Q(access=Document.Access.GROUP, group__in=private_groups_of(user))


def audience(document: Document) -> Q:
    """`documents.view_document` as a filter on users: a public document is
    for everyone (`selectors.may_view`), the rest only for active accounts."""
    if document.access == Document.Access.PUBLIC:
        return anyone()
    active = Q(is_active=True)
    secretariat = holding(Role.SECRETARIAT)
    if document.access == Document.Access.MEMBERS:
        return active & (secretariat | partners())
    if document.group_id is None:
        return active & secretariat
    return active & private_audience(document.group)


def group_members_seeing(document: Document):
    """The members of the document's group who may see it (told when it is added)."""
    return (
        active_users()
        .filter(group_memberships__group_id=document.group_id)
        .filter(audience(document))
    )


@rule(
    "documents.add_document",
    _("add documents to the library, outside any group"),
    roles=(Role.SECRETARIAT,),
)
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


@rule(
    "documents.change_document",
    _("edit every document and upload new versions of it"),
    roles=(Role.SECRETARIAT,),
)
def can_change_document(user, obj, roles):
    if roles.is_secretariat:
        return True
    if not isinstance(obj, Document):
        return False
    if obj.uploaded_by_id is not None and obj.uploaded_by_id == user.pk:
        return True
    return obj.group_id is not None and user.has_perm("workinggroups.upload_document", obj.group)


@rule(
    "documents.delete_document",
    _("delete a document and all its versions"),
    roles=(Role.SECRETARIAT,),
)
def can_delete_document(user, obj, roles):
    return roles.is_secretariat
