"""Celery tasks of the notifications app.

Two periodic tasks find what is due and enqueue one small task per send:

- `send_due_reminders(now=None)` (every 5 minutes) → `send_reminder(meeting_id,
  user_id, offset_minutes)`;
- `send_digests(now=None)` (every 15 minutes) → `send_digest(user_id, period_key)`;
- the listeners of the domain events (listeners.py) enqueue
  `announce_meeting_change(meeting_id, sequence, kind)` → `send_meeting_mail(
  meeting_id, user_id, sequence, kind)`, `announce_decision(decision_id)` →
  `send_decision_mail(decision_id, user_id)`, `send_application_decision(
  application_id)`, and `notify_event(event, object_id)`, which writes that
  event's in-app notifications (events.py) in one bulk insert.

Every small task is idempotent and follows notifications/claims.py: claim the
delivery row (the UniqueConstraint admits one), send, mark sent; on an SMTP or
connection error it releases the claim and retries with exponential backoff,
so a retry sends again while a second run after success does not. The one
window left: a worker killed between the mail server's acceptance and the
commit of "sent" sends the mail again once its claim times out
(NOTIFICATIONS_CLAIM_TIMEOUT) and the message is redelivered (acks_late).

`now` (an ISO 8601 string) lets tests and operators run the periodic tasks
at a chosen instant.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import claims, digest, events, services
from .mail import (
    admin_enrolment_link_mail,
    alert_mail,
    application_decision_mail,
    application_question_mail,
    build_mail,
    committee_decision_mail,
)
from .models import (
    ALERT_OF_NOTICE,
    AlertDelivery,
    DeliveryState,
    DigestDelivery,
    EventMailDelivery,
    GuestMailDelivery,
    MailKind,
    MeetingMailDelivery,
    Notification,
    NotificationPreference,
    ReminderDelivery,
)

logger = logging.getLogger(__name__)

# Errors worth a retry: the mail server or a connection is (for now) away.
RETRYABLE = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError, OperationalError)


class BusyClaim(Exception):
    """Another worker holds a fresh claim on this send: look again later."""


class NotificationTask(Task):
    """Mail tasks: acknowledged after they ran, retried with exponential
    backoff whose base, cap, jitter and count come from settings when the
    retry happens (so tests and deployments can change them).

    Two budgets: NOTIFICATIONS_MAX_RETRIES counts failed sends (SMTP,
    connection and database errors). Waiting for another worker's claim
    (BusyClaim) does not spend it: the message goes back with the same retry
    count, one claim timeout later. That wait is bounded by the claim
    protocol itself: a claim older than NOTIFICATIONS_CLAIM_TIMEOUT is taken
    over, and a failed send releases its claim at once (claims.py)."""

    acks_late = True
    autoretry_for = (*RETRYABLE, BusyClaim)
    retry_backoff = True
    max_retries = None  # read from settings in retry()

    def retry(self, args=None, kwargs=None, exc=None, throw=True, eta=None, countdown=None, **opts):
        if isinstance(exc, BusyClaim) and not (
            self.request.called_directly or self.request.is_eager
        ):
            return self._wait_for_claim(exc, throw=throw)
        if isinstance(exc, BusyClaim):
            countdown = claims.claim_timeout().total_seconds()
        else:
            countdown = get_exponential_backoff_interval(
                factor=settings.NOTIFICATIONS_RETRY_BACKOFF,
                retries=self.request.retries,
                maximum=settings.NOTIFICATIONS_RETRY_BACKOFF_MAX,
                full_jitter=settings.NOTIFICATIONS_RETRY_JITTER,
            )
        opts["max_retries"] = settings.NOTIFICATIONS_MAX_RETRIES
        return super().retry(args, kwargs, exc, throw, eta, countdown, **opts)

    def _wait_for_claim(self, exc, *, throw: bool):
        """What Task.retry does, minus counting the retry: the same message
        again after a claim timeout, carrying this run's retry count."""
        from celery.exceptions import Retry

        countdown = claims.claim_timeout().total_seconds()
        signature = self.signature_from_request(
            self.request, countdown=countdown, retries=self.request.retries
        )
        signature.apply_async()
        result = Retry(exc=exc, when=countdown, sig=signature)
        if throw:
            raise result
        return result


def _now(now: str | None) -> datetime.datetime:
    if not now:
        return timezone.now()
    value = parse_datetime(now)
    if value is None:
        raise ValueError(f"not an ISO 8601 date-time: {now!r}")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    return value


def _skipped(model, user, what: str, lookup: dict) -> bool:
    """A recipient who cannot be mailed is logged and their claim recorded as
    skipped (so the batch does not retry them); True when so."""
    problem = services.recipient_problem(user)
    if not problem:
        return False
    services.log_skipped(user, problem, what)
    claims.skip(model, note=problem, **lookup)
    return True


def _send(model, lookup: dict, build, *, notification=None) -> str:
    """Claim, build and send, mark sent (with the in-app entry in the same
    transaction). Returns what happened."""
    claim = claims.take(model, **lookup)
    if claim.outcome is claims.Outcome.DONE:
        return "already done"
    if claim.outcome is claims.Outcome.BUSY:
        raise BusyClaim(str(lookup))
    try:
        message = build()
        if message is not None:
            message.send()
    except Exception as error:  # retryable or not, the claim goes back
        claims.release(claim.row, error)
        raise
    with transaction.atomic():
        claims.mark_sent(claim.row)
        if notification is not None:
            Notification.objects.create(**notification)
    return "sent" if message is not None else "recorded"


# --- Reminders -------------------------------------------------------------------------


@shared_task
def send_due_reminders(now: str | None = None) -> int:
    """Enqueue a `send_reminder` for every reminder whose time has come and
    that has no delivery row yet. Per (meeting, user) only the latest passed
    offset goes out; earlier ones that were missed (worker or beat down) are
    skipped rather than sent in a burst, and so is any reminder more than
    NOTIFICATIONS_REMINDER_LATE_LIMIT late."""
    from meetings.models import Invitation, Meeting

    now_at = _now(now)
    late_limit = datetime.timedelta(seconds=settings.NOTIFICATIONS_REMINDER_LATE_LIMIT)
    longest = datetime.timedelta(minutes=max(v for v, _label in _offset_choices()))
    invitations = list(
        Invitation.objects.filter(
            meeting__status=Meeting.Status.SCHEDULED,
            meeting__starts_at__gt=now_at,
            meeting__starts_at__lte=now_at + longest,
            user__is_active=True,
        )
        .exclude(response=Invitation.Response.NO)
        .values_list("meeting_id", "user_id", "meeting__starts_at")
    )
    meeting_ids = {meeting_id for meeting_id, _u, _s in invitations}
    preferences = services.preferences_by_user({user_id for _m, user_id, _s in invitations})
    existing = set(
        ReminderDelivery.objects.filter(meeting_id__in=meeting_ids).values_list(
            "meeting_id", "user_id", "offset_minutes"
        )
    )
    due, skipped = [], []
    for meeting_id, user_id, starts_at in invitations:
        passed = [
            offset
            for offset in preferences[user_id].offsets
            if starts_at - datetime.timedelta(minutes=offset) <= now_at
            and (meeting_id, user_id, offset) not in existing
        ]
        if not passed:
            continue
        latest = min(passed)
        for offset in passed:
            if offset == latest and now_at - (starts_at - datetime.timedelta(minutes=offset)) <= (
                late_limit
            ):
                due.append((meeting_id, user_id, offset))
            else:
                skipped.append((meeting_id, user_id, offset))
    ReminderDelivery.objects.bulk_create(
        [
            ReminderDelivery(
                meeting_id=m,
                user_id=u,
                offset_minutes=o,
                state=DeliveryState.SKIPPED,
                claimed_at=now_at,
                note="missed: too late or superseded by a later reminder",
            )
            for m, u, o in skipped
        ],
        ignore_conflicts=True,
    )
    for meeting_id, user_id, offset in due:
        send_reminder.delay(meeting_id, user_id, offset)
    return len(due)


def _offset_choices():
    from .models import REMINDER_OFFSET_CHOICES

    return REMINDER_OFFSET_CHOICES


@shared_task(base=NotificationTask, bind=True)
def send_reminder(self, meeting_id: int, user_id: int, offset_minutes: int) -> str:
    """Send one reminder, at most once (ReminderDelivery's constraint)."""
    from meetings.models import Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if meeting is None or user is None:
        return "gone"
    if meeting.is_cancelled or meeting.has_started():
        return "meeting cancelled or started"
    invitation = Invitation.objects.filter(meeting=meeting, user=user).first()
    if invitation is None or invitation.response == Invitation.Response.NO:
        return "not invited or declined"
    preference = services.preferences_for(user)
    if offset_minutes not in preference.offsets:
        return "offset no longer chosen"
    lookup = {"meeting": meeting, "user": user, "offset_minutes": offset_minutes}
    if _skipped(ReminderDelivery, user, "reminder", lookup):
        return "skipped"

    def build():
        if not preference.email_reminders:
            return None  # the in-app entry only
        return build_mail(
            user=user,
            kind=MailKind.REMINDERS,
            template="reminder",
            context={"meeting": meeting, "offset_minutes": offset_minutes},
            subject=lambda: _reminder_subject(meeting),
            meeting=meeting,
        )

    return _send(
        ReminderDelivery,
        lookup,
        build,
        notification=_meeting_notification(user, meeting, Notification.Kind.MEETING_REMINDER),
    )


def _reminder_subject(meeting):
    from django.utils.translation import gettext as _

    start = timezone.localtime(meeting.starts_at)
    from django.utils.formats import date_format

    return _("Reminder: %(title)s, %(when)s") % {
        "title": meeting.title,
        "when": date_format(start, "DATETIME_FORMAT"),
    }


def _meeting_notification(user, meeting, kind) -> dict:
    from django.utils import translation
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    with translation.override(user.language), timezone.override(user.zoneinfo):
        when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        titles = {
            Notification.Kind.MEETING_SCHEDULED: _("New meeting: %(title)s"),
            Notification.Kind.MEETING_UPDATED: _("Meeting changed: %(title)s"),
            Notification.Kind.MEETING_CANCELLED: _("Meeting cancelled: %(title)s"),
            Notification.Kind.MEETING_REMINDER: _("Reminder: %(title)s"),
        }
        title = titles[kind] % {"title": meeting.title}
        body = (
            meeting.cancellation_reason
            if kind == Notification.Kind.MEETING_CANCELLED
            else _("%(when)s (your time), %(where)s")
            % {"when": when, "where": meeting.location_text}
        )
    return {
        "user": user,
        "kind": kind,
        "title": title[:300],
        "body": body,
        "url": meeting.get_absolute_url(),
    }


# --- Meeting invitations, changes, cancellations ------------------------------------------


def _meeting_subject(kind, meeting) -> str:
    """The subject of an invitation, change or cancellation mail (in the
    language build_mail has switched to)."""
    from django.utils.translation import gettext as _

    subjects = {
        MeetingMailDelivery.Kind.SCHEDULED: _("Invitation: %(title)s"),
        MeetingMailDelivery.Kind.UPDATED: _("Changed: %(title)s"),
        MeetingMailDelivery.Kind.CANCELLED: _("Cancelled: %(title)s"),
    }
    return subjects[kind] % {"title": meeting.title}


@shared_task(acks_late=True)
def announce_meeting_change(meeting_id: int, sequence: int, kind: str) -> int:
    """Fan out one `send_meeting_mail` per invitee, and one
    `send_guest_meeting_mail` per guest, who has not declined."""
    from meetings.models import GuestInvitation, Invitation, Meeting

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0  # a newer change will be announced instead
    user_ids = list(
        Invitation.objects.filter(meeting=meeting, user__is_active=True)
        .exclude(response=Invitation.Response.NO)
        .values_list("user_id", flat=True)
    )
    for user_id in user_ids:
        send_meeting_mail.delay(meeting_id, user_id, sequence, kind)
    guest_ids = list(
        GuestInvitation.objects.filter(meeting=meeting)
        .exclude(response=GuestInvitation.Response.NO)
        .values_list("pk", flat=True)
    )
    for guest_id in guest_ids:
        send_guest_meeting_mail.delay(guest_id, sequence, kind)
    return len(user_ids) + len(guest_ids)


@shared_task(base=NotificationTask, bind=True)
def send_meeting_mail(self, meeting_id: int, user_id: int, sequence: int, kind: str) -> str:
    """Invitation, change or cancellation mail, a real iMIP invitation
    (METHOD:REQUEST, or CANCEL for a cancellation, the recipient as attendee),
    once per (meeting, user, sequence, kind)."""
    from meetings.models import Invitation, Meeting

    kind = MeetingMailDelivery.Kind(kind)
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    user = get_user_model().objects.filter(pk=user_id).first()
    if meeting is None or user is None:
        return "gone"
    if meeting.sequence != sequence:
        return "superseded"
    lookup = {"meeting": meeting, "user": user, "sequence": sequence, "kind": kind.value}
    if _skipped(MeetingMailDelivery, user, "meeting mail", lookup):
        return "skipped"
    preference = services.preferences_for(user)
    notification_kind = {
        MeetingMailDelivery.Kind.SCHEDULED: Notification.Kind.MEETING_SCHEDULED,
        MeetingMailDelivery.Kind.UPDATED: Notification.Kind.MEETING_UPDATED,
        MeetingMailDelivery.Kind.CANCELLED: Notification.Kind.MEETING_CANCELLED,
    }[kind]

    def build():
        if not preference.email_meeting_updates:
            return None
        return build_mail(
            user=user,
            kind=MailKind.MEETING_UPDATES,
            template=f"meeting_{kind.value}",
            context={"meeting": meeting},
            subject=lambda: _meeting_subject(kind, meeting),
            meeting=meeting,
            invitation=Invitation.objects.filter(meeting=meeting, user=user).first(),
            imip=True,
        )

    return _send(
        MeetingMailDelivery,
        lookup,
        build,
        notification=_meeting_notification(user, meeting, notification_kind),
    )


@shared_task(base=NotificationTask, bind=True)
def send_guest_meeting_mail(self, guest_id: int, sequence: int, kind: str) -> str:
    """A guest's invitation, change or cancellation mail: iMIP like a
    member's, in the guest's language and the venue's time, with the guest's
    personal answer link; once per (guest, sequence, kind). A guest has no
    preferences to honour nor an in-app inbox: the mail is the notice."""
    from meetings.guestlinks import answer_path
    from meetings.models import GuestInvitation

    kind = MeetingMailDelivery.Kind(kind)
    guest = GuestInvitation.objects.select_related("meeting").filter(pk=guest_id).first()
    if guest is None:
        return "gone"
    meeting = guest.meeting
    if meeting.sequence != sequence and kind != MeetingMailDelivery.Kind.SCHEDULED:
        return "superseded"
    lookup = {"guest": guest, "sequence": sequence, "kind": kind.value}

    def build():
        return build_mail(
            user=guest,
            template=f"guest_meeting_{kind.value}",
            # reversed while rendering, so the link carries the guest's language
            context={
                "meeting": meeting,
                "guest": guest,
                "answer_url": lambda: services.absolute_url(answer_path(guest)),
            },
            subject=lambda: _meeting_subject(kind, meeting),
            meeting=meeting,
            invitation=guest,
            imip=True,
        )

    return _send(GuestMailDelivery, lookup, build)


@shared_task(base=NotificationTask, bind=True)
def send_guest_action_item_mail(self, action_item_id: int) -> str:
    """An action item given to a guest: they hear of it by mail (they have
    no inbox on the portal), once per item."""
    from meetings.guestlinks import answer_path
    from meetings.models import ActionItem

    item = (
        ActionItem.objects.select_related("meeting", "assignee_guest__meeting")
        .filter(pk=action_item_id)
        .first()
    )
    if item is None or item.assignee_guest is None:
        return "not a guest's"
    guest = item.assignee_guest
    lookup = {
        "guest": guest,
        "action_item": item,
        "sequence": 0,
        "kind": GuestMailDelivery.Kind.ACTION_ITEM.value,
    }

    def build():
        from django.utils.translation import gettext as _

        return build_mail(
            user=guest,
            template="guest_action_item",
            context={
                "meeting": item.meeting,
                "guest": guest,
                "item": item,
                "answer_url": lambda: services.absolute_url(answer_path(guest)),
            },
            subject=lambda: _("Action item for you: %(title)s") % {"title": item.title},
        )

    return _send(GuestMailDelivery, lookup, build)


# --- In-app notifications of other apps' events ---------------------------------------


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_event(event: str, object_id: int) -> int:
    """Write the notifications of one event (events.py); safe to run twice:
    the rows' event key admits one per user."""
    return events.fan_out(event, object_id)


# --- Decisions: the committee's and on membership applications ------------------------


@shared_task(acks_late=True)
def announce_decision(decision_id: int) -> int:
    """Fan out one `send_decision_mail` per person the review kind's audience
    mails (committee.registry, the answer the in-app notice reads too),
    except the reviewer."""
    from committee.models import ReviewDecision
    from committee.registry import kind_of

    decision = ReviewDecision.objects.select_related("request").filter(pk=decision_id).first()
    if decision is None:
        return 0
    subject = decision.request.subject
    audience = kind_of(decision.request.kind).audience(subject) if subject is not None else None
    if audience is None:
        return 0
    user_ids = sorted(
        {
            user.pk
            for user in audience.mailed
            if user is not None and user.is_active and user.pk != decision.reviewer_id
        }
    )
    for user_id in user_ids:
        send_decision_mail.delay(decision_id, user_id)
    return len(user_ids)


@shared_task(base=NotificationTask, bind=True)
def send_decision_mail(self, decision_id: int, user_id: int) -> str:
    """Tell one person what the committee decided, at most once
    (EventMailDelivery "decision:<id>")."""
    from committee.models import ReviewDecision

    decision = (
        ReviewDecision.objects.select_related("request", "reviewer").filter(pk=decision_id).first()
    )
    user = get_user_model().objects.filter(pk=user_id).first()
    if decision is None or user is None:
        return "gone"
    lookup = {"key": f"decision:{decision.pk}", "user": user}
    if _skipped(EventMailDelivery, user, "decision mail", lookup):
        return "skipped"
    return _send(EventMailDelivery, lookup, lambda: committee_decision_mail(decision, user))


@shared_task(base=NotificationTask, bind=True)
def send_application_decision(self, application_id: int) -> str:
    """Email the applicant the decision on a membership application, at most
    once (EventMailDelivery "application:<id>")."""
    from stakeholders.models import MembershipApplication
    from stakeholders.services import application_applicant_notified

    application = (
        MembershipApplication.objects.select_related("applicant", "organisation", "country")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return "gone"
    if application.status not in (
        MembershipApplication.Status.APPROVED,
        MembershipApplication.Status.REJECTED,
    ):
        return "not decided"
    applicant = application.applicant
    lookup = {"key": f"application:{application.pk}", "user": applicant}
    if _skipped(EventMailDelivery, applicant, "application decision mail", lookup):
        return "skipped"
    result = _send(EventMailDelivery, lookup, lambda: application_decision_mail(application))
    if result == "sent":
        application_applicant_notified(application_id=application.pk)
    return result


@shared_task(base=NotificationTask, bind=True)
def send_application_question(self, round_id: int) -> str:
    """Email the applicant a decider's question, with the in-app notice, at
    most once (EventMailDelivery "application-round:<id>")."""
    from django.utils import translation
    from django.utils.translation import gettext as _

    from stakeholders.models import ApplicationRound

    round_ = (
        ApplicationRound.objects.select_related("application__applicant")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None:
        return "gone"
    if not round_.is_open:
        return "answered already"
    application = round_.application
    applicant = application.applicant
    lookup = {"key": f"application-round:{round_.pk}", "user": applicant}
    if _skipped(EventMailDelivery, applicant, "application question mail", lookup):
        return "skipped"
    with translation.override(applicant.language or None):
        title = _("A question on your application for %(name)s") % {"name": application.name}
    notification = {
        "user": applicant,
        "kind": Notification.Kind.APPLICATION_QUESTION,
        "title": title[:300],
        "body": round_.question[:1000],
        "url": application.get_absolute_url(),
    }
    return _send(
        EventMailDelivery,
        lookup,
        lambda: application_question_mail(round_),
        notification=notification,
    )


@shared_task(base=NotificationTask, bind=True)
def send_alert_mail(self, event_key: str, user_id: int) -> str:
    """Email one notice at once to a member who chose so for its kind, at
    most once (EventMailDelivery "notice:<event key>"). The choice is read
    again here: changed since the notice, it wins."""
    notification = (
        Notification.objects.select_related("user")
        .filter(user_id=user_id, event_key=event_key)
        .first()
    )
    if notification is None or notification.kind not in ALERT_OF_NOTICE:
        return "gone"
    user = notification.user
    alert_kind = ALERT_OF_NOTICE[notification.kind]
    lookup = {"key": f"notice:{event_key}"[:64], "user": user}
    if services.alert_choices(user)[alert_kind] != AlertDelivery.AT_ONCE:
        return "not at once"
    if _skipped(EventMailDelivery, user, "alert mail", lookup):
        return "skipped"
    return _send(EventMailDelivery, lookup, lambda: alert_mail(notification, alert_kind))


# --- Digests ---------------------------------------------------------------------------


@shared_task
def send_digests(now: str | None = None) -> int:
    """Enqueue a `send_digest` for every user whose digest is due: their
    local hour has reached their digest hour (on Mondays for weekly
    digests, or later that week if it was missed) and no digest of this
    period exists. Users are read in batches; the queries do not grow with
    the number of users within a batch."""
    now_at = _now(now)
    batch_size = settings.NOTIFICATIONS_DIGEST_BATCH_SIZE
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(notification_preference__digest_frequency=NotificationPreference.Frequency.OFF)
        .order_by("pk")
    )
    enqueued = 0
    last_pk = 0
    while True:
        batch = list(
            users.filter(pk__gt=last_pk).only("pk", "time_zone", "email", "language")[:batch_size]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        preferences = services.preferences_by_user([user.pk for user in batch])
        due = {}
        for user in batch:
            key = digest.due_period_key(user, preferences[user.pk], now_at)
            if key:
                due[user.pk] = key
        done = set(
            DigestDelivery.objects.filter(
                user_id__in=due, period_key__in=set(due.values())
            ).values_list("user_id", "period_key")
        )
        for user_id, key in due.items():
            if (user_id, key) not in done:
                # The scan's instant, also when the task runs later (a retry):
                # the content reaches up to it and the next digest starts there.
                send_digest.delay(user_id, key, now_at.isoformat())
                enqueued += 1
    return enqueued


@shared_task(base=NotificationTask, bind=True)
def send_digest(self, user_id: int, period_key: str, now: str | None = None) -> str:
    """Send one user's digest for one period, at most once (DigestDelivery's
    constraint); an empty digest is recorded as skipped and not sent."""
    now_at = _now(now)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return "gone"
    lookup = {"user": user, "period_key": period_key}
    if _skipped(DigestDelivery, user, "digest", lookup):
        return "skipped"
    done = (DeliveryState.SENT, DeliveryState.SKIPPED)
    if DigestDelivery.objects.filter(state__in=done, **lookup).exists():
        return "already done"
    preference = services.preferences_for(user)
    if (
        preference.digest_frequency == NotificationPreference.Frequency.OFF
        or not preference.email_digest
    ):
        return "off"
    since = preference.last_digest_at or now_at - digest.period_length(preference)
    content = digest.build_digests([user], since={user.pk: since}, now=now_at)[user.pk]
    if content.is_empty:
        claims.skip(DigestDelivery, note="nothing to report", **lookup)
        return "empty"

    def build():
        return build_mail(
            user=user,
            kind=MailKind.DIGEST,
            template="digest",
            context={"digest": content, "period_key": period_key},
            subject=digest.subject,
        )

    result = _send(DigestDelivery, lookup, build)
    if result != "already done":
        NotificationPreference.objects.filter(pk=preference.pk).update(last_digest_at=now_at)
    return result


@shared_task(base=NotificationTask, bind=True)
def send_admin_enrolment_link(self, user_id: int, nonce_start: str) -> str:
    """Email the one-time sign-in link before a first two-factor enrolment,
    once per link (EventMailDelivery "enrolment:<start of its nonce>"). A
    link replaced by a newer one, or already used, is not sent."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not user.admin_enrolment_nonce.startswith(nonce_start):
        return "gone"
    lookup = {"key": f"enrolment:{nonce_start}", "user": user}
    if _skipped(EventMailDelivery, user, "sign-in link mail", lookup):
        return "skipped"
    return _send(EventMailDelivery, lookup, lambda: admin_enrolment_link_mail(user))
