"""Writes for meetings: scheduling, changes and cancellation, invitations and
RSVPs, agenda, minutes and action items, documents, calendar feeds.

Every web form (and later the API and the reminder tasks) goes through these
keyword-only functions, so each rule lives in one place. Each checks the
permission itself, validates with `full_clean()` and saves only the fields it
changed. A change that calendars must pick up (time, place, title,
cancellation) raises the meeting's `sequence`; its `uid` never changes.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.events import publish
from common.sanitize import clean_minutes
from stakeholders.models import Organisation

from .models import ActionItem, AgendaItem, CalendarFeed, Invitation, Meeting, new_feed_token
from .rules import may_schedule_for
from .selectors import can_see, colleagues_of

# Fields whose change a calendar must see: they raise SEQUENCE.
SEQUENCED_FIELDS = frozenset(
    {"title", "starts_at", "ends_at", "time_zone", "venue", "online_url", "status"}
)
EDITABLE_FIELDS = frozenset(
    {
        "title",
        "description",
        "starts_at",
        "ends_at",
        "time_zone",
        "venue",
        "online_url",
        "capacity",
    }
)


def _require(user, perm: str, obj, message: str) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _audience(meeting: Meeting):
    """Who a new meeting invites: the group's members, or the committee."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if meeting.kind == Meeting.Kind.GROUP:
        return User.objects.filter(group_memberships__group=meeting.group, is_active=True)
    if meeting.kind == Meeting.Kind.COMMITTEE:
        from committee.selectors import committee_members

        return committee_members()
    return User.objects.none()


def _invite(meeting: Meeting, users: Iterable) -> int:
    """Invite users not yet invited; returns how many were new."""
    existing = set(meeting.invitations.values_list("user_id", flat=True))
    new = [Invitation(meeting=meeting, user=user) for user in users if user.pk not in existing]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


# --- Scheduling -------------------------------------------------------------------


def meeting_create(
    *,
    organiser,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    group=None,
    description: str = "",
    venue: str = "",
    online_url: str = "",
    capacity: int | None = None,
    uid: uuid.UUID | None = None,
) -> Meeting:
    """Create a meeting and invite its audience, without a permission check:
    for `meeting_schedule` and the demo data (which fixes the UID)."""
    meeting = Meeting(
        uid=uid or uuid.uuid4(),
        kind=kind,
        group=group if kind != Meeting.Kind.COMMITTEE else None,
        title=(title or "").strip(),
        description=(description or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        venue=(venue or "").strip(),
        online_url=online_url or "",
        capacity=capacity,
        organiser=organiser,
    )
    meeting.full_clean(validate_constraints=False)
    meeting.save()
    audience = list(_audience(meeting))
    if organiser is not None and meeting.kind != Meeting.Kind.PUBLIC:
        audience.append(organiser)
    _invite(meeting, {user.pk: user for user in audience}.values())
    return meeting


@transaction.atomic
def meeting_schedule(
    *,
    by,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    group=None,
    description: str = "",
    venue: str = "",
    online_url: str = "",
    capacity: int | None = None,
) -> Meeting:
    """Schedule a meeting: the group's members (group meeting) or the
    committee (committee meeting) are invited; public events are open."""
    kind = Meeting.Kind(kind)
    if kind == Meeting.Kind.COMMITTEE:
        group = None
    if kind == Meeting.Kind.GROUP and group is None:
        raise ValidationError({"group": _("Choose the working group that meets.")})
    if group is not None:
        if not may_schedule_for(by, group):
            raise PermissionDenied(_("You may not schedule this group's meetings."))
    else:
        _require(by, "meetings.add_meeting", None, _("You may not schedule this kind of meeting."))
    meeting = meeting_create(
        organiser=by,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        group=group,
        description=description,
        venue=venue,
        online_url=online_url,
        capacity=capacity,
    )
    # the invitations go out (and past reminders are skipped) on commit
    publish("meeting.scheduled", meeting, sequence=meeting.sequence)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, by, **fields) -> Meeting:
    """Change a scheduled meeting; SEQUENCE goes up when what a calendar shows
    (title, time, place) changed. Kind and group stay as scheduled."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"meeting_update cannot change {sorted(unknown)}")
    _require(by, "meetings.change_meeting", meeting, _("You may not change this meeting."))
    meeting = _lock(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it can no longer be changed."))
    if isinstance(fields.get("title"), str):
        fields["title"] = fields["title"].strip()
    if isinstance(fields.get("venue"), str):
        fields["venue"] = fields["venue"].strip()
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    if not changed:
        return meeting
    for name in changed:
        setattr(meeting, name, fields[name])
    meeting.full_clean(validate_constraints=False)
    if "capacity" in changed and meeting.capacity is not None:
        attending = meeting.invitations.filter(response__in=Invitation.ATTENDING).count()
        if meeting.capacity < attending:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)d people already said they will attend: "
                        "the capacity cannot be lower."
                    )
                    % {"count": attending}
                }
            )
    update_fields = [*changed, "updated_at"]
    if SEQUENCED_FIELDS.intersection(changed):
        meeting.sequence += 1
        update_fields.append("sequence")
    meeting.save(update_fields=update_fields)
    if SEQUENCED_FIELDS.intersection(changed):
        # The update mail goes out on commit; a move reschedules the reminders.
        publish("meeting.updated", meeting, sequence=meeting.sequence, moved="starts_at" in changed)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by, reason: str = "") -> Meeting:
    """Cancel a meeting that has not ended; its calendar entry becomes a
    cancellation (METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE up)."""
    _require(by, "meetings.change_meeting", meeting, _("You may not cancel this meeting."))
    meeting = _lock(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was already cancelled."))
    if meeting.is_over():
        raise ValidationError(_("This meeting is over; it can no longer be cancelled."))
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancellation_reason = reason
    meeting.sequence += 1
    meeting.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    publish("meeting.cancelled", meeting, sequence=meeting.sequence)  # METHOD:CANCEL, on commit
    return meeting


@transaction.atomic
def meeting_save_from_admin(*, meeting: Meeting, changed: Iterable[str]) -> Meeting:
    """Save a meeting the secretariat repaired in the admin, which edits the
    row itself: a change calendars must see raises SEQUENCE and tells the
    invitees, as the site's own change and cancellation do."""
    calendar_changes = SEQUENCED_FIELDS.intersection(changed)
    cancelled = "status" in calendar_changes and meeting.is_cancelled
    if calendar_changes:
        meeting.sequence += 1
    if cancelled and meeting.cancelled_at is None:
        meeting.cancelled_at = timezone.now()
    meeting.save()
    if calendar_changes:
        if cancelled:
            publish("meeting.cancelled", meeting, sequence=meeting.sequence)
        else:
            publish(
                "meeting.updated",
                meeting,
                sequence=meeting.sequence,
                moved="starts_at" in calendar_changes,
            )
    return meeting


# --- Invitations and answers ---------------------------------------------------------


@transaction.atomic
def meeting_invite(*, meeting: Meeting, users: Iterable, by) -> int:
    """Invite more people; returns how many were newly invited."""
    _require(
        by, "meetings.change_meeting", meeting, _("You may not invite people to this meeting.")
    )
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    users = list(users)
    inactive = [user for user in users if not user.is_active]
    if inactive:
        raise ValidationError(_("%(user)s has no active account.") % {"user": inactive[0]})
    return _invite(meeting, users)


@transaction.atomic
def invitations_add_for_new_member(*, group, user) -> int:
    """Invite a new member of a group to the group's coming meetings (call it
    when a membership is added)."""
    meetings = Meeting.objects.filter(
        kind=Meeting.Kind.GROUP,
        group=group,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=timezone.now(),
    ).exclude(invitations__user=user)
    Invitation.objects.bulk_create(
        [Invitation(meeting=meeting, user=user) for meeting in meetings], ignore_conflicts=True
    )
    return len(meetings)


@transaction.atomic
def rsvp_respond(*, meeting: Meeting, user, response: str, substitute=None) -> Invitation:
    """Answer for a meeting: yes, no, maybe, or sending a colleague in one's
    place. Closes when the meeting starts; a full meeting takes no more
    "yes" (or substitutes)."""
    if not user.is_authenticated or not can_see(user, meeting):
        raise PermissionDenied(_("You may not answer for this meeting."))
    meeting = _lock(meeting)  # one answer at a time, so the capacity holds
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.has_started():
        raise ValidationError(_("Answers closed when the meeting started."))
    if not user.has_perm("meetings.rsvp", meeting):
        raise PermissionDenied(_("You are not invited to this meeting."))
    try:
        response = Invitation.Response(response)
    except ValueError:
        raise ValidationError({"response": _("Choose one of the answers.")}) from None
    if response == Invitation.Response.NONE:
        raise ValidationError({"response": _("Choose one of the answers.")})
    if response == Invitation.Response.SUBSTITUTE:
        if substitute is None:
            raise ValidationError({"substitute": _("Name the colleague who goes in your place.")})
        if not colleagues_of(user).filter(pk=substitute.pk).exists():
            raise ValidationError(
                {"substitute": _("Your substitute must work for the same organisation as you.")}
            )
    else:
        substitute = None
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting, user=user).order_by(
        "pk"
    ).first() or Invitation(meeting=meeting, user=user)
    if response in Invitation.ATTENDING and meeting.capacity is not None:
        others = (
            meeting.invitations.filter(response__in=Invitation.ATTENDING).exclude(user=user).count()
        )
        if others >= meeting.capacity:
            raise ValidationError(
                {
                    "response": _("The meeting is full: all %(n)d places are taken.")
                    % {"n": meeting.capacity}
                }
            )
    newly_named = substitute is not None and invitation.substitute_id != substitute.pk
    invitation.response = response
    invitation.substitute = substitute
    invitation.responded_at = timezone.now()
    if invitation.pk:
        invitation.save(update_fields=["response", "substitute", "responded_at"])
    else:
        invitation.save()
    if newly_named:
        publish("meeting.substitute_named", invitation)  # the substitute is told on commit
    return invitation


# --- Agenda -------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, by, title: str, presenter: str = "", duration_minutes: int | None = None
) -> AgendaItem:
    _require(by, "meetings.edit_minutes", meeting, _("You may not change this agenda."))
    meeting = _lock(meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
    item = AgendaItem(
        meeting=meeting,
        position=0 if last is None else last + 1,
        title=(title or "").strip(),
        presenter=(presenter or "").strip(),
        duration_minutes=duration_minutes,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by) -> None:
    _require(by, "meetings.edit_minutes", item.meeting, _("You may not change this agenda."))
    item.delete()


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by, up: bool) -> None:
    """Swap the item with its neighbour above (up) or below."""
    _require(by, "meetings.edit_minutes", item.meeting, _("You may not change this agenda."))
    meeting = _lock(item.meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        return  # removed meanwhile
    target = index - 1 if up else index + 1
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, agenda_item in enumerate(items):
        if agenda_item.position != position:
            agenda_item.position = position
            agenda_item.save(update_fields=["position"])


# --- Minutes and action items ------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, by, html: str) -> Meeting:
    """Save the minutes, sanitised (see common/sanitize.py)."""
    _require(by, "meetings.edit_minutes", meeting, _("You may not write these minutes."))
    if len(html or "") > 200_000:
        raise ValidationError(
            {"minutes": _("The minutes are too long (200,000 characters at most).")}
        )
    meeting = _lock(meeting)
    meeting.minutes = clean_minutes(html)
    meeting.minutes_updated_at = timezone.now()
    meeting.minutes_updated_by = by
    meeting.save(
        update_fields=["minutes", "minutes_updated_at", "minutes_updated_by", "updated_at"]
    )
    return meeting


@transaction.atomic
def action_item_add(
    *,
    meeting: Meeting,
    by,
    title: str,
    due_on: datetime.date,
    assignee_user=None,
    assignee_organisation: Organisation | None = None,
) -> ActionItem:
    """Record an action: for one person or one organisation, by a date."""
    _require(by, "meetings.edit_minutes", meeting, _("You may not add action items here."))
    if (assignee_user is None) == (assignee_organisation is None):
        raise ValidationError(
            {
                "assignee_user": _(
                    "Assign the action to one person or to one organisation, not both."
                )
            }
        )
    if assignee_user is not None and not assignee_user.is_active:
        raise ValidationError({"assignee_user": _("This person has no active account.")})
    if (
        assignee_organisation is not None
        and assignee_organisation.status != Organisation.Status.ACTIVE
    ):
        raise ValidationError(
            {"assignee_organisation": _("This organisation is not an active member.")}
        )
    item = ActionItem(
        meeting=meeting,
        title=(title or "").strip(),
        due_on=due_on,
        assignee_user=assignee_user,
        assignee_organisation=assignee_organisation,
        created_by=by,
    )
    item.full_clean(validate_constraints=False)
    item.save()
    publish("action_item.assigned", item)  # the assignee hears of it on commit
    return item


@transaction.atomic
def action_item_close(*, item: ActionItem, by) -> ActionItem:
    """Close an open action item (its assignee, a colleague of an assignee
    organisation, or someone who runs the meeting)."""
    item = ActionItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    _require(by, "meetings.close_action_item", item, _("You may not close this action item."))
    if not item.is_open:
        raise ValidationError(_("This action item was already closed."))
    item.status = ActionItem.Status.CLOSED
    item.closed_by = by
    item.closed_at = timezone.now()
    item.save(update_fields=["status", "closed_by", "closed_at"])
    return item


# --- Documents ----------------------------------------------------------------------


@transaction.atomic
def meeting_document_attach(*, meeting: Meeting, by, document) -> None:
    _require(by, "meetings.edit_minutes", meeting, _("You may not attach documents here."))
    if document.group_id is not None and document.group_id != meeting.group_id:
        raise ValidationError({"document": _("This document belongs to another group.")})
    meeting.documents.add(document)


@transaction.atomic
def meeting_document_detach(*, meeting: Meeting, by, document) -> None:
    _require(by, "meetings.edit_minutes", meeting, _("You may not remove documents here."))
    meeting.documents.remove(document)


# --- Calendar feeds -------------------------------------------------------------------


def calendar_feed_for(*, user) -> CalendarFeed:
    """The user's feed, created on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, user) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return CalendarFeed.objects.create(user=user)
    feed.token = new_feed_token()
    feed.rotated_at = timezone.now()
    feed.save(update_fields=["token", "rotated_at"])
    return feed
