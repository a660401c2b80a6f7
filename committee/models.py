"""Committee seats, the review queue, and how the committee decides together:
positions, comments, written procedures and the decision rule."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from stakeholders.models import Country, Person, RoleAssignment, StakeholderType


class SeatQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(term_start__lte=on, term_end__gt=on)


class CommitteeSeat(models.Model):
    """A seat for a stakeholder group and country, held by a person for a term.

    Holding a seat gives its holder the committee role for exactly the term:
    the role assignment ends on the day the term ends.
    """

    stakeholder_type = models.ForeignKey(
        StakeholderType, on_delete=models.PROTECT, verbose_name=_("stakeholder group")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("country")
    )
    holder = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("holder")
    )
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), help_text=_("The seat's role ends on this day."))
    role_assignment = models.OneToOneField(
        RoleAssignment, on_delete=models.SET_NULL, null=True, blank=True, editable=False
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = SeatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        ordering = ["country__sort_order", "stakeholder_type__sort_order", "-term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=models.F("term_start")), name="seat_term_ends_after_start"
            )
        ]

    def __str__(self):
        where = self.country or _("International")
        return f"{self.stakeholder_type} / {where}: {self.holder.full_name}"

    def clean(self):
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("The term must end after it starts.")})
        if self.holder_id and not self.holder.user_id:
            raise ValidationError(
                {"holder": _("The holder needs a portal account to review submissions.")}
            )

    @property
    def is_current(self) -> bool:
        return self.term_start <= timezone.localdate() < self.term_end


class ReviewRequest(models.Model):
    """Something submitted to the committee: a work-plan version, an activity
    report. Its kind's handler (registry.py) applies the decision."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", pgettext_lazy("submission status", "Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_requests",
        verbose_name=_("working group"),
    )
    # Scope for reviewers limited to a country or stakeholder type (empty: any).
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True)
    stakeholder_type = models.ForeignKey(
        StakeholderType, on_delete=models.PROTECT, null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending"),
                name="review_one_pending_per_subject",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("committee:review", kwargs={"pk": self.pk})

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.submitted_at).days


class ReviewDecision(models.Model):
    """The record of one decision on a submission: recorded directly (by the
    secretariat or the chair; by one reviewer before written procedures), by
    written procedure, or in a meeting (with its minutes)."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REQUEST_CHANGES = "request_changes", _("Request changes")

    class Method(models.TextChoices):
        DIRECT = "direct", _("Decided directly")
        WRITTEN = "written", _("Written procedure")
        MEETING = "meeting", _("Meeting")

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="decisions")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_decisions"
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the committee's public record.")
    )
    method = models.CharField(
        _("procedure"), max_length=10, choices=Method.choices, default=Method.DIRECT
    )
    procedure = models.OneToOneField(
        "Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
        verbose_name=_("written procedure"),
    )
    minutes_url = models.URLField(
        _("meeting minutes"),
        max_length=500,
        blank=True,
        help_text=_("The address of the minutes of the meeting that took the decision."),
    )
    # {"seats": n, "answered": n, "support": n, "object": n, "abstain": n, "quorum": n}
    tally = models.JSONField(_("tally"), default=dict, blank=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="request_changes") | ~Q(comment=""),
                name="review_changes_need_a_comment",
            ),
            models.CheckConstraint(
                condition=~Q(method="meeting") | ~Q(minutes_url=""),
                name="review_meeting_decision_links_minutes",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.request}"

    def clean(self):
        if self.method == self.Method.MEETING and not self.minutes_url:
            raise ValidationError({"minutes_url": _("Link the minutes of the meeting.")})


class DecisionNotice(models.Model):
    """One email about one decision to one person. No longer written: the
    decision mails are sent once each through notifications' claims
    (EventMailDelivery "decision:<id>"); the table is kept for the rows it
    holds (dropping it would be a migration of its own)."""

    decision = models.ForeignKey(ReviewDecision, on_delete=models.CASCADE, related_name="notices")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "user"], name="decision_notice_once")
        ]

    def __str__(self):
        return f"{self.decision} → {self.user}"


class DecisionRule(models.Model):
    """How the committee decides, as the secretariat sets it: one row
    (`DecisionRule.current()`), its changes kept in its history."""

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("Consensus: no objection, with a quorum of seats answering")
        MAJORITY = "majority", _("Majority of seats")

    method = models.CharField(
        _("decision rule"), max_length=10, choices=Method.choices, default=Method.CONSENSUS
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (per cent of seats)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of the current seats that must take a position."),
    )
    publish_positions = models.BooleanField(
        _("publish who took which position"),
        default=False,
        help_text=_("Otherwise only the committee and the secretariat see them."),
    )
    chair = models.ForeignKey(
        CommitteeSeat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
        help_text=_("The chair may open written procedures and record meeting decisions."),
    )
    procedure_days = models.PositiveSmallIntegerField(
        _("usual length of a written procedure (days)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision rule")
        verbose_name_plural = _("decision rules")

    def __str__(self):
        return str(self.get_method_display())

    @classmethod
    def current(cls) -> DecisionRule:
        """The rule in force: the row, or the defaults until the secretariat
        first saves one (reading writes nothing: public pages only read)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def quorum_of(self, seats: int) -> int:
        """Seats that must answer: the quorum share of `seats`, rounded up."""
        return -(-seats * self.quorum_percent // 100)


class Position(models.Model):
    """One seat's position on one submission: changeable until it closes."""

    class Stance(models.TextChoices):
        SUPPORT = "support", _("Support")
        OBJECT = "object", _("Object")
        ABSTAIN = "abstain", _("Abstain")

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="positions")
    seat = models.ForeignKey(
        CommitteeSeat, on_delete=models.PROTECT, related_name="positions", verbose_name=_("seat")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "seat"], name="position_one_per_seat"),
            models.CheckConstraint(
                condition=~Q(stance="object") | ~Q(comment=""),
                name="position_objection_gives_reasons",
            ),
        ]

    def __str__(self):
        return f"{self.get_stance_display()}: {self.seat}"

    def clean(self):
        if self.stance == self.Stance.OBJECT and not (self.comment or "").strip():
            raise ValidationError({"comment": _("Say why you object.")})


class ReviewComment(models.Model):
    """A comment on a submission without deciding; those addressed to the
    submitter are shown to them too."""

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=5000)
    to_submitter = models.BooleanField(
        _("addressed to the submitter"),
        default=False,
        help_text=_("The submitter sees this comment and may answer it."),
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]

    def clean(self):
        if not (self.body or "").strip():
            raise ValidationError({"body": _("Write a comment.")})


class Procedure(models.Model):
    """A written (no-objection) procedure on a submission: open until its
    deadline, then closed once by the beat task with the outcome the
    decision rule gives."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("written procedure state", "Open")
        CLOSED = "closed", pgettext_lazy("written procedure state", "Closed")

    class Outcome(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("written procedure outcome", "Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        NO_QUORUM = "no_quorum", _("No quorum: not decided")
        SUPERSEDED = "superseded", _("Decided otherwise before the deadline")

    request = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="procedures")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    # the rule in force when it closed, and the count then
    rule = models.CharField(
        _("decision rule"), max_length=10, choices=DecisionRule.Method.choices, blank=True
    )
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("written procedure")
        verbose_name_plural = _("written procedures")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["state", "deadline"])]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(state="open"), name="procedure_one_open_per_item"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opened_at")), name="procedure_deadline_later"
            ),
        ]

    def __str__(self):
        return f"{self.request} ({self.get_state_display()})"

    def clean(self):
        if self.deadline and self.opened_at and self.deadline <= self.opened_at:
            raise ValidationError({"deadline": _("The deadline must be in the future.")})

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def deadline_passed(self) -> bool:
        return self.deadline <= timezone.now()
