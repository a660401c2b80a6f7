"""What the portal remembers about reaching people.

- `NotificationPreference`: one per user (created on demand by
  `services.preferences_for`): digest frequency and local hour, per-kind email
  switches, reminder offsets.
- Deliveries (`ReminderDelivery`, `DigestDelivery`, `MeetingMailDelivery`,
  `EventMailDelivery`):
  one row per thing that must reach a person once. The row *is* the claim: a
  UniqueConstraint makes a second insert fail, so two workers (or a task run
  twice) can never both own the same send. `state` records where the send is
  (see `claims.py` for the protocol).
- `Notification`: the in-app list with its unread count.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Reminder offsets in minutes before a meeting: 7 days and 24 hours.
DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60]
# The offsets a member may pick from (minutes): 15 min ... 14 days.
REMINDER_OFFSET_CHOICES = [
    (15, _("15 minutes")),
    (60, _("1 hour")),
    (3 * 60, _("3 hours")),
    (24 * 60, _("24 hours")),
    (2 * 24 * 60, _("2 days")),
    (3 * 24 * 60, _("3 days")),
    (7 * 24 * 60, _("7 days")),
    (14 * 24 * 60, _("14 days")),
]
MAX_REMINDER_OFFSETS = 4


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class MailKind(models.TextChoices):
    """Kinds of mail a member can switch off one by one (unsubscribe links
    name one of these)."""

    REMINDERS = "reminders", _("Meeting reminders")
    DIGEST = "digest", _("Digest")
    MEETING_UPDATES = "meeting_updates", _("Meeting invitations, changes and cancellations")


class AlertKind(models.TextChoices):
    """Kinds of notice a member chooses how to receive, one by one
    (`AlertPreference`): at once by email, in the digest, or off. A notice
    of these kinds is always in the member's notification list; the choice
    says whether it is also mailed at once, listed in the next digest, or
    neither (never both: what was mailed at once is not repeated).

    Another app's notice uses a kind by writing its `Notification` with a
    `Notification.Kind` that `ALERT_OF_NOTICE` maps here (events.notify
    then mails it at once to those who chose so)."""

    AWAITS_DECISION = (
        "awaits_decision",
        _("Awaits your decision (membership applications, committee items)"),
    )
    AWAITS_POSITION = "awaits_position", _("Awaits your position (committee items)")
    REVIEW_COMMENT = "review_comment", _("Comments addressed to you on what you submitted")
    JOIN_REQUEST = "join_request", _("Requests to join a group you lead")
    SUBSTITUTE = "substitute", _("You are named as someone's substitute at a meeting")


class AlertDelivery(models.TextChoices):
    AT_ONCE = "at_once", _("At once by email")
    DIGEST = "digest", _("In the digest")
    OFF = "off", _("Off")


# What a member gets until they choose otherwise (also every member who had
# an account before the choice existed: no row means the default).
ALERT_DEFAULTS = {
    AlertKind.AWAITS_DECISION: AlertDelivery.AT_ONCE,
    AlertKind.AWAITS_POSITION: AlertDelivery.AT_ONCE,
    AlertKind.REVIEW_COMMENT: AlertDelivery.AT_ONCE,
    AlertKind.JOIN_REQUEST: AlertDelivery.AT_ONCE,
    AlertKind.SUBSTITUTE: AlertDelivery.AT_ONCE,
}


class AlertPreference(models.Model):
    """One member's choice for one kind of notice; absent, `ALERT_DEFAULTS`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preferences"
    )
    kind = models.CharField(_("kind of notice"), max_length=30, choices=AlertKind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=AlertDelivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("alert preference")
        verbose_name_plural = _("alert preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="alert_preference_once_per_kind"),
            models.CheckConstraint(
                condition=Q(delivery__in=["at_once", "digest", "off"]),
                name="alert_preference_delivery_known",
            ),
        ]

    def __str__(self):
        return f"{self.user_id}/{self.kind}: {self.delivery}"


class NotificationPreference(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        OFF = "off", _("Off")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest_frequency = models.CharField(
        _("digest"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text=_("The hour of the morning, in your time zone, at which the digest is sent."),
    )
    email_reminders = models.BooleanField(_("meeting reminders by email"), default=True)
    email_digest = models.BooleanField(_("digest by email"), default=True)
    email_meeting_updates = models.BooleanField(
        _("meeting invitations, changes and cancellations by email"), default=True
    )
    reminder_offsets = models.JSONField(
        _("reminders before a meeting (minutes)"), default=default_reminder_offsets, blank=True
    )
    # The digest reports what happened since this instant (the last one sent).
    last_digest_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0) & Q(digest_hour__lte=23),
                name="notification_digest_hour_in_day",
            ),
            models.CheckConstraint(
                condition=Q(digest_frequency__in=["daily", "weekly", "off"]),
                name="notification_digest_frequency_known",
            ),
        ]

    def __str__(self):
        return f"{self.user}: notification preferences"

    def clean(self):
        offsets = self.reminder_offsets
        allowed = {value for value, _label in REMINDER_OFFSET_CHOICES}
        if not isinstance(offsets, list) or not all(
            isinstance(value, int) and value in allowed for value in offsets
        ):
            raise ValidationError({"reminder_offsets": _("Choose reminder times from the list.")})
        if len(set(offsets)) > MAX_REMINDER_OFFSETS:
            raise ValidationError(
                {
                    "reminder_offsets": _("Choose at most %(n)d reminder times.")
                    % {"n": MAX_REMINDER_OFFSETS}
                }
            )

    @property
    def offsets(self) -> list[int]:
        """The offsets as clean, distinct, descending minutes."""
        values = self.reminder_offsets if isinstance(self.reminder_offsets, list) else []
        return sorted({int(v) for v in values if isinstance(v, int) and v > 0}, reverse=True)

    def allows(self, kind: str) -> bool:
        return bool(getattr(self, f"email_{kind}"))


class DeliveryState(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will be retried")
    SKIPPED = "skipped", _("Skipped")


class Delivery(models.Model):
    """A claim on one send. See notifications/claims.py."""

    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.SENDING
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class ReminderDelivery(Delivery):
    """One reminder (meeting, user, offset): the UniqueConstraint is what makes
    it go out once."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    offset_minutes = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("reminder delivery")
        verbose_name_plural = _("reminder deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "offset_minutes"], name="reminder_once_per_offset"
            )
        ]

    def __str__(self):
        return f"{self.meeting_id}/{self.user_id}/{self.offset_minutes}: {self.state}"


class DigestDelivery(Delivery):
    """One digest per user and period ("2026-11-21" daily, "2026-W47" weekly)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    period_key = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["user", "period_key"], name="digest_once_per_period")
        ]

    def __str__(self):
        return f"{self.user_id}/{self.period_key}: {self.state}"


class MeetingMailDelivery(Delivery):
    """An invitation, change or cancellation mail for one version (SEQUENCE)
    of a meeting to one person."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Invitation")
        UPDATED = "updated", _("Change")
        CANCELLED = "cancelled", _("Cancellation")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="mail_deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_mail_deliveries"
    )
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("meeting mail delivery")
        verbose_name_plural = _("meeting mail deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user", "sequence", "kind"], name="meeting_mail_once"
            )
        ]

    def __str__(self):
        return f"{self.meeting_id}/{self.user_id}/{self.kind}@{self.sequence}: {self.state}"


class GuestMailDelivery(Delivery):
    """A mail to one guest (someone invited by email address): the
    invitation, change or cancellation of one version (SEQUENCE) of the
    meeting, or an action item given to them (`action_item`)."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Invitation")
        UPDATED = "updated", _("Change")
        CANCELLED = "cancelled", _("Cancellation")
        ACTION_ITEM = "action_item", _("Action item")

    guest = models.ForeignKey(
        "meetings.GuestInvitation", on_delete=models.CASCADE, related_name="mail_deliveries"
    )
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    action_item = models.ForeignKey(
        "meetings.ActionItem",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guest_mail_deliveries",
    )

    class Meta:
        verbose_name = _("guest mail delivery")
        verbose_name_plural = _("guest mail deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["guest", "sequence", "kind"],
                condition=Q(action_item__isnull=True),
                name="guest_mail_once",
            ),
            models.UniqueConstraint(
                fields=["guest", "action_item"],
                condition=Q(action_item__isnull=False),
                name="guest_action_item_mail_once",
            ),
        ]

    def __str__(self):
        return f"guest {self.guest_id}/{self.kind}@{self.sequence}: {self.state}"


class EventMailDelivery(Delivery):
    """A mail about one event to one person, once: a committee decision to
    each person it concerns ("decision:<id>"), a membership decision to its
    applicant ("application:<id>")."""

    key = models.CharField(max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_mail_deliveries"
    )

    class Meta:
        verbose_name = _("event mail delivery")
        verbose_name_plural = _("event mail deliveries")
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="event_mail_once")]

    def __str__(self):
        return f"{self.key}/{self.user_id}: {self.state}"


class Notification(models.Model):
    """An entry in a member's notification list."""

    class Kind(models.TextChoices):
        MEETING_SCHEDULED = "meeting_scheduled", _("Meeting scheduled")
        MEETING_UPDATED = "meeting_updated", _("Meeting changed")
        MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
        MEETING_REMINDER = "meeting_reminder", _("Meeting reminder")
        DIGEST = "digest", _("Digest")
        WORKPLAN_SUBMITTED = "workplan_submitted", _("Work plan submitted")
        REVIEW_REQUESTED = "review_requested", _("Awaiting your review")
        REVIEW_TO_DECIDE = "review_to_decide", _("Committee item to decide")
        REVIEW_COMMENT = "review_comment", _("Comment on your submission")
        WORKPLAN_DECIDED = "workplan_decided", _("Work plan decided")
        DOCUMENT_ADDED = "document_added", _("Document added")
        ACTION_ITEM_ASSIGNED = "action_item_assigned", _("Action item assigned")
        ACTIVITY_DECIDED = "activity_decided", _("Activity decided")
        REPORT_DECIDED = "report_decided", _("Activity report decided")
        APPLICATION_SUBMITTED = "application_submitted", _("Membership application")
        APPLICATION_QUESTION = "application_question", _("Question on your application")
        APPLICATION_RESUBMITTED = "application_resubmitted", _("Application answered")
        JOIN_REQUESTED = "join_requested", _("Request to join a group")
        SUBSTITUTE_NAMED = "substitute_named", _("Named as a substitute")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Names the event for the fan-out of notifications/events.py ("document:12"),
    # so a task run twice adds nothing; empty for entries made otherwise.
    event_key = models.CharField(max_length=100, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=~Q(event_key=""),
                name="notification_once_per_event",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.url or reverse("notifications:list")

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


# The notices that are alerts, and of which kind (the others are in-app only,
# or have their own mail switches: reminders, meeting mails, the digest).
ALERT_OF_NOTICE = {
    Notification.Kind.APPLICATION_SUBMITTED: AlertKind.AWAITS_DECISION,
    Notification.Kind.APPLICATION_RESUBMITTED: AlertKind.AWAITS_DECISION,
    Notification.Kind.REVIEW_REQUESTED: AlertKind.AWAITS_POSITION,
    Notification.Kind.REVIEW_TO_DECIDE: AlertKind.AWAITS_DECISION,
    Notification.Kind.REVIEW_COMMENT: AlertKind.REVIEW_COMMENT,
    Notification.Kind.JOIN_REQUESTED: AlertKind.JOIN_REQUEST,
    Notification.Kind.SUBSTITUTE_NAMED: AlertKind.SUBSTITUTE,
}
