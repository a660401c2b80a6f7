"""Authorisation rules for meetings, RSVPs, minutes and action items.

Registered with the portal's one authorisation module (`common.authz`);
ask them through `user.has_perm(perm, obj)`. Group membership is the
guardian grant `workinggroups.view_private` (members see their group's
meetings) and `workinggroups.schedule_meeting` (leads and co-chairs schedule
them); the committee role comes from the user's role assignments.

"Who sees a meeting" is written in three forms side by side: the check
(`can_view_meeting`), the meetings a user sees (`visible_to`, used by
`selectors.meetings_visible_to`) and the users who see a meeting
(`audience`, used by the notices); tests/test_rules_agree.py holds the three
to the same answers.

Anonymous visitors get False from every rule (see `ScopedRoleBackend`), so
the selectors let everyone see public events without asking.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_organisation_ids,
    anyone,
    granted,
    holding,
    roles_of,
    rule,
    sees_everything,
    signed_in,
)
from stakeholders.models import Role

from .models import ActionItem, Invitation, Meeting


def _is_invited(user, meeting: Meeting) -> bool:
    """Invited, or named as someone's substitute."""
    return (
        Invitation.objects.filter(meeting=meeting)
        .filter(Q(user=user) | Q(substitute=user))
        .exists()
    )


def in_audience(user, meeting: Meeting, roles) -> bool:
    """Invitees by right: the group's members, or the committee."""
    if meeting.kind == Meeting.Kind.GROUP:
        return user.has_perm("workinggroups.view_private", meeting.group)
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return roles.has(Role.COMMITTEE)
    return False


def _can_edit(user, meeting: Meeting, roles) -> bool:
    """A group's meetings and events: those who schedule for the group (its
    leads and co-chairs, the secretariat); the rest: the secretariat."""
    if meeting.group_id is not None:
        return user.has_perm("workinggroups.schedule_meeting", meeting.group)
    return roles.is_secretariat


@rule(
    "meetings.view_meeting",
    _("see every meeting; committee members: the committee's meetings"),
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_view_meeting(user, obj, roles):
    if not isinstance(obj, Meeting):
        return False
    if obj.kind == Meeting.Kind.PUBLIC or roles.is_secretariat:
        return True
    if obj.organiser_id == user.pk:
        return True
    return in_audience(user, obj, roles) or _is_invited(user, obj)


def visible_to(user) -> Q | None:
    """`meetings.view_meeting` as a filter on meetings (EVERYONE: all);
    visitors see public events."""
    public = Q(kind=Meeting.Kind.PUBLIC)
    if not signed_in(user):
        return public
    if sees_everything(user):
        return EVERYONE
    from workinggroups.rules import private_groups_of

    visible = (
        public
        | Q(organiser=user)
        | Q(kind=Meeting.Kind.GROUP, group__in=private_groups_of(user))
        | Exists(Invitation.objects.filter(meeting=OuterRef("pk"), user=user))
        | Exists(Invitation.objects.filter(meeting=OuterRef("pk"), substitute=user))
    )
    if roles_of(user).has(Role.COMMITTEE):
        visible |= Q(kind=Meeting.Kind.COMMITTEE)
    return visible


def audience(meeting: Meeting) -> Q:
    """`meetings.view_meeting` as a filter on users."""
    if meeting.kind == Meeting.Kind.PUBLIC:
        return anyone()
    invited = Invitation.objects.filter(meeting=meeting)
    visible = (
        holding(Role.SECRETARIAT)
        | Q(pk__in=invited.values("user_id"))
        | Q(pk__in=invited.filter(substitute__isnull=False).values("substitute_id"))
    )
    if meeting.organiser_id:
        visible |= Q(pk=meeting.organiser_id)
    if meeting.kind == Meeting.Kind.GROUP and meeting.group_id:
        visible |= granted("view_private", meeting.group)
    if meeting.kind == Meeting.Kind.COMMITTEE:
        visible |= holding(Role.COMMITTEE)
    return visible


def may_schedule_for(user, group) -> bool:
    """May the user schedule meetings (and public events) of this group?
    Its leads and co-chairs may, and the secretariat, while the group is open.

    Not a registered rule: a `meetings.*` permission cannot be asked about a
    WorkingGroup (django-guardian refuses permissions of another app), so
    this asks the group's own grant."""
    from workinggroups.models import WorkingGroup

    return (
        user is not None
        and user.is_authenticated
        and group.status != WorkingGroup.Status.CLOSED
        and user.has_perm("workinggroups.schedule_meeting", group)
    )


@rule(
    "meetings.add_meeting",
    _("schedule committee meetings and the partnership's own events"),
    roles=(Role.SECRETARIAT,),
)
def can_add_meeting(user, obj, roles):
    """Without a group: the secretariat. For a group, see `may_schedule_for`."""
    return obj is None and roles.is_secretariat


@rule(
    "meetings.change_meeting",
    _("change, cancel and invite to every meeting"),
    roles=(Role.SECRETARIAT,),
)
def can_change_meeting(user, obj, roles):
    if not isinstance(obj, Meeting):
        return False
    return _can_edit(user, obj, roles)


@rule(
    "meetings.edit_minutes",
    _("write every meeting's minutes, agenda and action items"),
    roles=(Role.SECRETARIAT,),
)
def can_edit_minutes(user, obj, roles):
    if not isinstance(obj, Meeting):
        return False
    if _can_edit(user, obj, roles):
        return True
    # The group's members (not observers) keep their meetings' notes.
    return obj.group_id is not None and user.has_perm("workinggroups.upload_document", obj.group)


@rule("meetings.rsvp", _("answer an invitation to a meeting"))
def can_rsvp(user, obj, roles):
    if not isinstance(obj, Meeting):
        return False
    if obj.is_cancelled or obj.has_started(timezone.now()):
        return False
    if not can_view_meeting(user, obj, roles):
        return False
    return (
        obj.kind == Meeting.Kind.PUBLIC or _is_invited(user, obj) or in_audience(user, obj, roles)
    )


@rule("meetings.close_action_item", _("close every action item"), roles=(Role.SECRETARIAT,))
def can_close_action_item(user, obj, roles):
    if not isinstance(obj, ActionItem):
        return False
    if obj.assignee_user_id is not None and obj.assignee_user_id == user.pk:
        return True
    if obj.assignee_organisation_id in active_organisation_ids(user):
        return True
    return _can_edit(user, obj.meeting, roles)
