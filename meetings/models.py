"""Meetings of the committee and the working groups, public events, and what
hangs off them: agenda, invitations with RSVPs, minutes with action items,
and each user's secret calendar-feed address.

Times are stored as aware UTC instants; `time_zone` is the venue's zone, used
to show and to enter wall-clock times where the meeting takes place.
"""

import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

# A meeting may not last longer than this (a year typed wrongly, not a festival).
MAX_MEETING_DAYS = 31


class VenueTimeZone(models.TextChoices):
    """Where a meeting takes place decides its wall-clock time."""

    BEIJING = "Asia/Shanghai", _("Beijing")
    VLADIVOSTOK = "Asia/Vladivostok", _("Vladivostok")
    SEOUL = "Asia/Seoul", _("Seoul")
    TOKYO = "Asia/Tokyo", _("Tokyo")
    ULAANBAATAR = "Asia/Ulaanbaatar", _("Ulaanbaatar")
    ONLINE = "UTC", _("UTC (online)")


class Meeting(models.Model):
    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("Committee meeting")
        GROUP = "group", _("Working-group meeting")
        PUBLIC = "public", _("Public event")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("working group"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("venue time zone"),
        max_length=40,
        choices=VenueTimeZone.choices,
        default=VenueTimeZone.BEIJING,
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Most people who can attend; leave empty for no limit."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Calendar identity: the UID never changes; SEQUENCE goes up with every
    # change a calendar must pick up (time, place, title, cancellation).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_meetings",
        verbose_name=_("organiser"),
    )
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Sanitised HTML."))
    minutes_updated_at = models.DateTimeField(null=True, blank=True, editable=False)
    minutes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="meetings", verbose_name=_("documents")
    )
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancellation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["kind", "starts_at"]),
            models.Index(fields=["group", "starts_at"]),
            models.Index(fields=["ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            # A group meeting has its group; a public event may be organised
            # by one; the committee's meetings belong to no group.
            models.CheckConstraint(
                condition=(Q(kind="group") & Q(group__isnull=False))
                | Q(kind="public")
                | (Q(kind="committee") & Q(group__isnull=True)),
                name="meeting_group_fits_kind",
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="meeting_has_venue_or_link"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.kind == self.Kind.GROUP and not self.group_id:
            errors["group"] = _("Choose the working group that meets.")
        if self.kind == self.Kind.COMMITTEE and self.group_id:
            errors["group"] = _("Committee meetings belong to no working group.")
        if self.starts_at and self.ends_at:
            if self.ends_at <= self.starts_at:
                errors["ends_at"] = _("The end must be after the start.")
            elif (self.ends_at - self.starts_at).days >= MAX_MEETING_DAYS:
                errors["ends_at"] = _("A meeting may last at most %(days)d days.") % {
                    "days": MAX_MEETING_DAYS
                }
        if not (self.venue or "").strip() and not self.online_url:
            errors["venue"] = _("Give the venue or an online link (or both).")
        if errors:
            raise ValidationError(errors)

    def get_ics_url(self):
        return reverse("meetings:meeting_ics", kwargs={"pk": self.pk})

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def time_zone_label(self) -> str:
        return str(VenueTimeZone(self.time_zone).label) if self.time_zone else "UTC"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_public(self) -> bool:
        return self.kind == self.Kind.PUBLIC

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    def is_over(self, now=None) -> bool:
        return (now or timezone.now()) >= self.ends_at

    @property
    def location_text(self) -> str:
        return self.venue or self.online_url


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_("How long the item is planned to take."),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """Someone asked to a meeting, and their answer. Public-event RSVPs are
    recorded here too (the person invites themselves by answering)."""

    class Response(models.TextChoices):
        NONE = "none", _("No answer yet")
        YES = "yes", _("Yes, I will attend")
        NO = "no", _("No, I cannot attend")
        MAYBE = "maybe", _("Maybe")
        SUBSTITUTE = "substitute", _("I am sending a substitute")

    # Answers that take a seat (capacity counts them).
    ATTENDING = (Response.YES, Response.SUBSTITUTE)

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_invitations",
        verbose_name=_("invitee"),
    )
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.NONE
    )
    # The substitute is named by email address, from any organisation and
    # with or without an account; `substitute` is their account when they
    # have one (they then see the meeting on the portal).
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_substitutions",
        verbose_name=_("substitute"),
    )
    substitute_email = models.EmailField(_("substitute's email address"), blank=True)
    substitute_name = models.CharField(_("substitute's name"), max_length=150, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="invitation_once_per_meeting"),
            models.CheckConstraint(
                condition=(Q(response="substitute") & ~Q(substitute_email=""))
                | (~Q(response="substitute") & Q(substitute_email="") & Q(substitute__isnull=True)),
                name="invitation_substitute_named_iff_sending_one",
            ),
            models.CheckConstraint(
                condition=~Q(substitute=models.F("user")), name="invitation_substitute_not_self"
            ),
        ]
        indexes = [models.Index(fields=["meeting", "response"])]

    def __str__(self):
        return f"{self.user} → {self.meeting}: {self.get_response_display()}"

    @property
    def is_attending(self) -> bool:
        return self.response in self.ATTENDING

    @property
    def substitute_label(self) -> str:
        if not self.substitute_email:
            return ""
        if self.substitute_name:
            return f"{self.substitute_name} ({self.substitute_email})"
        return self.substitute_email


class GuestInvitation(models.Model):
    """Someone invited by email address, without an account: a partner's
    expert, a speaker, or a substitute named by an invitee. They answer
    through the personal signed link of their invitation mail
    (`meetings.guestlinks`)."""

    class Response(models.TextChoices):
        NONE = "none", _("No answer yet")
        YES = "yes", _("Yes, I will attend")
        NO = "no", _("No, I cannot attend")
        MAYBE = "maybe", _("Maybe")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests")
    email = models.EmailField(_("email address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
    )
    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.NONE
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    # A substitute named by an invitee: the invitee's answer holds the seat.
    substitute_for = models.ForeignKey(
        Invitation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="substitute_guests",
        verbose_name=_("substitute for"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "meeting", name="guest_invited_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(response__in=["none", "yes", "no", "maybe"]),
                name="guest_response_known",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.email})" if self.name else self.email

    # A guest is a mail recipient like a member (notifications/mail.py reads
    # these): greeted by name, in their language, at the venue's time.
    @property
    def full_name(self) -> str:
        return self.name

    @property
    def zoneinfo(self):
        return self.meeting.zoneinfo

    @property
    def time_zone(self) -> str:
        return self.meeting.time_zone

    @property
    def is_attending(self) -> bool:
        return self.response == self.Response.YES


class ActionItem(models.Model):
    """Something a meeting decided someone must do, by a date."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item status", "Open")
        CLOSED = "closed", pgettext_lazy("action item status", "Closed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    title = models.CharField(_("action"), max_length=300)
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("assigned to (person)"),
    )
    assignee_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("assigned to (organisation)"),
    )
    assignee_guest = models.ForeignKey(
        GuestInvitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("assigned to (guest)"),
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(assignee_user__isnull=False)
                    & Q(assignee_organisation__isnull=True)
                    & Q(assignee_guest__isnull=True)
                )
                | (
                    Q(assignee_user__isnull=True)
                    & Q(assignee_organisation__isnull=False)
                    & Q(assignee_guest__isnull=True)
                )
                | (
                    Q(assignee_user__isnull=True)
                    & Q(assignee_organisation__isnull=True)
                    & Q(assignee_guest__isnull=False)
                ),
                name="action_item_exactly_one_assignee",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="action_item_closed_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        chosen = [
            self.assignee_user_id,
            self.assignee_organisation_id,
            self.assignee_guest_id,
        ]
        if not any(chosen):
            raise ValidationError(
                {"assignee_user": _("Assign the action to a person or an organisation.")}
            )
        if sum(1 for value in chosen if value) > 1:
            raise ValidationError(
                {
                    "assignee_user": _(
                        "Assign the action to one person or to one organisation, not both."
                    )
                }
            )
        if (
            self.assignee_guest_id
            and self.meeting_id
            and self.assignee_guest.meeting_id != self.meeting_id
        ):
            raise ValidationError({"assignee_guest": _("This guest is not invited here.")})

    @property
    def assignee(self):
        return self.assignee_user or self.assignee_organisation or self.assignee_guest

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.due_on < (today or timezone.localdate())


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's personal calendar address. The token is the only key to the
    feed (calendar programs cannot sign in); rotating it retires the old
    address at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return f"{self.user}: calendar feed"

    def get_absolute_url(self):
        return reverse("meetings:personal_feed", kwargs={"token": self.token})
