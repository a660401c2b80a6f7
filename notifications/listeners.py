"""What notifications does when the domain apps publish an event
(common.events): each listener runs on commit, in-process, and enqueues the
task that does the work, passing the ids on.

- in-app notices (events.py, one bulk insert per event): a work plan or an
  activity report submitted, an activity proposed, a committee decision, a
  comment addressed to a submitter, a document added to a group, an action
  item assigned, a membership application submitted (the alerts among them
  are mailed at once to those who chose so);
- mails, once each through claims.py: written procedures opened and
  closed (procedures.py: the seat holders), the committee's decisions (to the
  audience its review kind names in committee.registry), membership
  decisions (to the applicant), meeting invitations, changes and
  cancellations (the in-app entry comes with each mail), to members and to
  guests invited by email address (with their answer link).

Imported by NotificationsConfig.ready(). A new notice: publish the event in
the owning service, declare it in common.events.CATALOGUE, listen here.
"""

from __future__ import annotations

from django.db import transaction

from common.events import listen

from . import procedures, services, tasks
from .models import MeetingMailDelivery

# event name -> the key of its builder in events.EVENTS
IN_APP = {
    "workplan.submitted": "workplan_submitted",
    "report.submitted": "report_submitted",
    "activity.proposed": "activity_proposed",
    "review.decided": "review_decided",
    "review.commented": "review_commented",
    "action_item.assigned": "action_item_assigned",
    "application.submitted": "application_submitted",
    "application.resubmitted": "application_resubmitted",
    "group.join_requested": "join_requested",
    "meeting.substitute_named": "substitute_named",
}


@listen(*IN_APP)
def write_notices(*, event: str, **ids) -> None:
    (object_id,) = ids.values()
    tasks.notify_event.delay(IN_APP[event], object_id)


@listen("document.added")
def write_document_notices(*, event: str, document_id: int, group_id: int | None) -> None:
    if group_id is not None:  # the library outside groups is the digest's and the search's
        tasks.notify_event.delay("document_added", document_id)


@listen("review.decided")
def mail_decision(*, event: str, decision_id: int) -> None:
    tasks.announce_decision.delay(decision_id)


@listen("procedure.opened")
def ask_for_positions(*, event: str, procedure_id: int) -> None:
    """A written procedure opened: every seat holder is asked at once."""
    procedures.announce_procedure.delay(procedure_id, procedures.OPENED)


@listen("procedure.closed")
def tell_procedure_outcome(*, event: str, procedure_id: int) -> None:
    """Its outcome (a missed quorum included) to the seat holders; a decision
    it led to is told by `review.decided` as any other."""
    procedures.announce_procedure.delay(procedure_id, procedures.CLOSED)


@listen("application.decided")
def mail_application_decision(*, event: str, application_id: int) -> None:
    tasks.send_application_decision.delay(application_id)


@listen("application.info_requested")
def mail_application_question(*, event: str, round_id: int) -> None:
    tasks.send_application_question.delay(round_id)


@listen("account.admin_enrolment_link")
def mail_admin_enrolment_link(*, event: str, user_id: int) -> None:
    """The link names its nonce only by its start (never the secret itself
    through the queue); the task reads the account's current one."""
    from django.contrib.auth import get_user_model

    nonce = (
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list("admin_enrolment_nonce", flat=True)
        .first()
    )
    if nonce:
        tasks.send_admin_enrolment_link.delay(user_id, nonce[:12])


@listen("meeting.scheduled", "meeting.updated", "meeting.cancelled")
def announce_meeting(*, event: str, meeting_id: int, sequence: int, moved: bool = False) -> None:
    """Reminders whose time has passed for the meeting's (new) start are
    skipped or rescheduled, then the invitation, change or cancellation mails
    go out (for this SEQUENCE; a newer change supersedes it)."""
    from meetings.models import Meeting

    change = {
        "meeting.scheduled": MeetingMailDelivery.Kind.SCHEDULED,
        "meeting.updated": MeetingMailDelivery.Kind.UPDATED,
        "meeting.cancelled": MeetingMailDelivery.Kind.CANCELLED,
    }[event]
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return
    with transaction.atomic():
        if change == MeetingMailDelivery.Kind.SCHEDULED:
            services.passed_offsets_skip(meeting)
        elif moved:
            services.reminders_reschedule(meeting)
    tasks.announce_meeting_change.delay(meeting_id, sequence, change.value)


@listen("action_item.assigned")
def mail_guest_action_item(*, event: str, action_item_id: int) -> None:
    """An action item given to a guest reaches them by mail (members have
    the in-app notice)."""
    from meetings.models import ActionItem

    if ActionItem.objects.filter(pk=action_item_id, assignee_guest__isnull=False).exists():
        tasks.send_guest_action_item_mail.delay(action_item_id)


@listen("meeting.guest_invited")
def invite_guest(*, event: str, guest_id: int, sequence: int) -> None:
    """A guest's invitation (iMIP, with their answer link), once."""
    tasks.send_guest_meeting_mail.delay(
        guest_id, sequence, MeetingMailDelivery.Kind.SCHEDULED.value
    )
