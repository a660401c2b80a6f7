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

from .models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    GuestInvitation,
    Invitation,
    Meeting,
    new_feed_token,
)
from .rules import may_schedule_for
from .selectors import attending_count, can_see

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
        attending = attending_count(meeting)
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


def _check_seat(meeting: Meeting, *, invitation=None, guest=None) -> None:
    """A full meeting takes no more "yes" (the answer being changed not counted)."""
    if meeting.capacity is None:
        return
    others = attending_count(meeting, except_invitation=invitation, except_guest=guest)
    if others >= meeting.capacity:
        raise ValidationError(
            {
                "response": _("The meeting is full: all %(n)d places are taken.")
                % {"n": meeting.capacity}
            }
        )


def _answers_open(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.has_started():
        raise ValidationError(_("Answers closed when the meeting started."))


@transaction.atomic
def rsvp_respond(
    *,
    meeting: Meeting,
    user,
    response: str,
    substitute=None,
    substitute_email: str = "",
    substitute_name: str = "",
) -> Invitation:
    """Answer for a meeting: yes, no, maybe, or sending someone in one's
    place. The substitute is named by email address and may work for any
    organisation (a one-person organisation has no colleague to send); a
    substitute without an account is invited as a guest, with the mail and
    the answer link that go with it. Closes when the meeting starts; a full
    meeting takes no more "yes" (or substitutes)."""
    if not user.is_authenticated or not can_see(user, meeting):
        raise PermissionDenied(_("You may not answer for this meeting."))
    meeting = _lock(meeting)  # one answer at a time, so the capacity holds
    _answers_open(meeting)
    if not user.has_perm("meetings.rsvp", meeting):
        raise PermissionDenied(_("You are not invited to this meeting."))
    try:
        response = Invitation.Response(response)
    except ValueError:
        raise ValidationError({"response": _("Choose one of the answers.")}) from None
    if response == Invitation.Response.NONE:
        raise ValidationError({"response": _("Choose one of the answers.")})
    substitute_name = " ".join((substitute_name or "").split())
    if response == Invitation.Response.SUBSTITUTE:
        if substitute is not None:
            substitute_email = substitute.email
            substitute_name = substitute_name or substitute.full_name
        substitute_email = (substitute_email or "").strip().lower()
        if not substitute_email:
            raise ValidationError(
                {
                    "substitute_email": _(
                        "Give the email address of the person who goes in your place."
                    )
                }
            )
        if substitute_email == user.email.lower():
            raise ValidationError({"substitute_email": _("Your substitute must be someone else.")})
        substitute = _users().filter(email__iexact=substitute_email, is_active=True).first()
    else:
        substitute, substitute_email, substitute_name = None, "", ""
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting, user=user).order_by(
        "pk"
    ).first() or Invitation(meeting=meeting, user=user)
    if response in Invitation.ATTENDING:
        _check_seat(meeting, invitation=invitation if invitation.pk else None)
    # a substitute with an account is told on the portal; one without, by the
    # guest invitation below
    newly_named = substitute is not None and invitation.substitute_id != substitute.pk
    invitation.response = response
    invitation.substitute = substitute
    invitation.substitute_email = substitute_email
    invitation.substitute_name = substitute_name
    invitation.responded_at = timezone.now()
    invitation.full_clean(exclude=["meeting", "user"], validate_constraints=False)
    if invitation.pk:
        invitation.save(
            update_fields=[
                "response",
                "substitute",
                "substitute_email",
                "substitute_name",
                "responded_at",
            ]
        )
    else:
        invitation.save()
    if newly_named:
        publish("meeting.substitute_named", invitation)  # the substitute is told on commit
    _sync_substitute_guest(invitation, by=user)
    return invitation


def _users():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.all()


def _sync_substitute_guest(invitation: Invitation, *, by) -> None:
    """The substitute without an account is this invitation's guest; a
    substitute replaced or no longer sent is withdrawn."""
    wanted = invitation.substitute_email if invitation.substitute_id is None else ""
    replaced = invitation.substitute_guests.exclude(email__iexact=wanted or "-")
    busy = replaced.filter(action_items__isnull=False).first()
    if busy is not None:
        raise ValidationError(
            _("%(guest)s has action items; reassign them before withdrawing the invitation.")
            % {"guest": busy}
        )
    replaced.delete()
    if not wanted:
        return
    meeting = invitation.meeting
    existing = meeting.guests.filter(email__iexact=wanted).first()
    if existing is not None:
        if existing.substitute_for_id != invitation.pk:
            existing.substitute_for = invitation
            existing.save(update_fields=["substitute_for"])
        return
    guest = GuestInvitation(
        meeting=meeting,
        email=wanted,
        name=invitation.substitute_name,
        language=getattr(invitation.user, "language", "") or "en",
        substitute_for=invitation,
        invited_by=by,
    )
    guest.full_clean(exclude=["meeting"], validate_constraints=False)
    guest.save()
    publish("meeting.guest_invited", guest, sequence=meeting.sequence)


# --- Guests: people invited by email address, without an account ------------------


@transaction.atomic
def meeting_invite_by_email(
    *,
    meeting: Meeting,
    by,
    email: str,
    name: str = "",
    organisation_name: str = "",
    language: str = "en",
) -> tuple[object, bool]:
    """Invite someone by email address: a member with an account is invited
    as a member (they answer on the portal); anyone else as a guest, who gets
    the invitation with its calendar file and a personal answer link.
    Returns (the invitation or guest, whether it is new)."""
    _require(
        by, "meetings.change_meeting", meeting, _("You may not invite people to this meeting.")
    )
    meeting = _lock(meeting)
    _answers_open(meeting)
    email = (email or "").strip().lower()
    user = _users().filter(email__iexact=email, is_active=True).first()
    if user is not None:
        added = _invite(meeting, [user])
        return Invitation.objects.get(meeting=meeting, user=user), bool(added)
    existing = meeting.guests.filter(email__iexact=email).first()
    if existing is not None:
        return existing, False
    guest = GuestInvitation(
        meeting=meeting,
        email=email,
        name=" ".join((name or "").split()),
        organisation_name=" ".join((organisation_name or "").split()),
        language=language or "en",
        invited_by=by,
    )
    guest.full_clean(exclude=["meeting"], validate_constraints=False)
    guest.save()
    # the invitation mail (iMIP, with the answer link) goes out on commit
    publish("meeting.guest_invited", guest, sequence=meeting.sequence)
    return guest, True


@transaction.atomic
def guest_respond(*, guest: GuestInvitation, response: str) -> GuestInvitation:
    """A guest's answer through their link: yes, no or maybe, until the
    meeting starts; a full meeting takes no more "yes"."""
    meeting = _lock(guest.meeting)
    _answers_open(meeting)
    guest = GuestInvitation.objects.select_for_update().get(pk=guest.pk)
    try:
        response = GuestInvitation.Response(response)
    except ValueError:
        raise ValidationError({"response": _("Choose one of the answers.")}) from None
    if response == GuestInvitation.Response.NONE:
        raise ValidationError({"response": _("Choose one of the answers.")})
    if response == GuestInvitation.Response.YES and guest.substitute_for_id is None:
        _check_seat(meeting, guest=guest)
    guest.response = response
    guest.responded_at = timezone.now()
    guest.save(update_fields=["response", "responded_at"])
    return guest


@transaction.atomic
def guest_withdraw(*, guest: GuestInvitation, by) -> None:
    """Withdraw a guest's invitation: their link stops working at once."""
    _require(by, "meetings.change_meeting", guest.meeting, _("You may not change this meeting."))
    if guest.action_items.exists():
        raise ValidationError(
            _("%(guest)s has action items; reassign them before withdrawing the invitation.")
            % {"guest": guest}
        )
    guest.delete()


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
    assignee_guest: GuestInvitation | None = None,
) -> ActionItem:
    """Record an action: for one person invited (a member or a guest) or
    one organisation, by a date."""
    _require(by, "meetings.edit_minutes", meeting, _("You may not add action items here."))
    chosen = [assignee_user, assignee_organisation, assignee_guest]
    if sum(1 for value in chosen if value is not None) != 1:
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
        assignee_guest=assignee_guest,
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
