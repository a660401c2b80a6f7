"""Committee seats and the review queue."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
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
        APPROVED = "approved", _("Approved")
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
    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REQUEST_CHANGES = "request_changes", _("Request changes")

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

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="request_changes") | ~Q(comment=""),
                name="review_changes_need_a_comment",
            )
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.request}"


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
