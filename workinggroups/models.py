"""Working groups, their membership and their versioned work plans."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.names import LocalisedName
from common.periods import year_span
from common.vocabulary import ActionArea
from stakeholders.models import Country, Organisation


class WorkingGroup(LocalisedName, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FORMING = "forming", _("Forming")
        CLOSED = "closed", pgettext_lazy("working group status", "Closed")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    mandate = models.TextField(_("mandate"), max_length=10000)
    action_areas = models.JSONField(
        _("action areas"), default=list, blank=True, help_text=_("Values of ActionArea.")
    )
    countries = models.ManyToManyField(
        Country, blank=True, related_name="working_groups", verbose_name=_("countries")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["name"]
        permissions = [
            ("view_private", _("Can see the group's drafts, members-only content and meetings")),
            ("edit_workplan", _("Can edit the group's draft work plans")),
            ("submit_workplan", _("Can submit the group's work plans to the committee")),
            ("decide_join_request", _("Can approve or decline requests to join the group")),
            ("manage_members", _("Can add and remove members and change their roles")),
            ("schedule_meeting", _("Can schedule the group's meetings")),
            ("upload_document", _("Can add documents to the group")),
        ]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("workinggroups:group", kwargs={"slug": self.slug})

    def clean(self):
        unknown = set(self.action_areas or []) - set(ActionArea.values)
        if unknown:
            raise ValidationError({"action_areas": _("Unknown action area.")})

    def action_area_labels(self):
        return [
            ActionArea(value).label for value in self.action_areas if value in ActionArea.values
        ]

    def grant_reason(self, user) -> str:
        """Why `user` holds grants on this group, in plain words."""
        membership = self.memberships.filter(user=user).first()
        if membership is None:
            return str(_("object permissions on %(g)s without a membership")) % {
                "g": self.local_name
            }
        return str(_("%(role)s of the group, for %(org)s")) % {
            "role": membership.get_role_display(),
            "org": membership.organisation.local_name,
        }

    def describe_grant(self, codename):
        """Plain words for a per-object grant on this group."""
        labels = {
            "view_private": _("see drafts, members-only documents and all meetings of %(g)s"),
            "edit_workplan": _("edit the draft work plans of %(g)s"),
            "submit_workplan": _("submit the work plans of %(g)s to the committee"),
            "decide_join_request": _("approve or decline requests to join %(g)s"),
            "manage_members": _("add and remove members of %(g)s and change their roles"),
            "schedule_meeting": _("schedule meetings of %(g)s"),
            "upload_document": _("add documents to %(g)s"),
        }
        text = labels.get(codename)
        return (
            str(_("Working group: %(g)s")) % {"g": self.local_name},
            [str(text) % {"g": self.local_name}] if text else [codename],
        )


class GroupRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO_CHAIR = "co_chair", _("Co-chair")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")


# Which per-object permissions each role holds on its group (django-guardian).
ROLE_PERMISSIONS = {
    GroupRole.LEAD: {
        "view_private",
        "edit_workplan",
        "submit_workplan",
        "decide_join_request",
        "manage_members",
        "schedule_meeting",
        "upload_document",
    },
    GroupRole.CO_CHAIR: {
        "view_private",
        "edit_workplan",
        "decide_join_request",
        "schedule_meeting",
        "upload_document",
    },
    GroupRole.MEMBER: {"view_private", "edit_workplan", "upload_document"},
    GroupRole.OBSERVER: {"view_private"},
}
GROUP_PERMISSIONS = sorted(set().union(*ROLE_PERMISSIONS.values()))


class GroupMembership(models.Model):
    """A person (with an account) in a group, for their member organisation."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=GroupRole.choices)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group__name", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="membership_once_per_group")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.group}"

    @property
    def is_lead(self) -> bool:
        return self.role == GroupRole.LEAD


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        APPROVED = "approved", pgettext_lazy("join request status", "Approved")
        DECLINED = "declined", pgettext_lazy("join request status", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("join request status", "Withdrawn")

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending_per_user",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.group}"


# --- Work plans ---------------------------------------------------------------


class Currency(models.TextChoices):
    """Currencies a work plan's budget is given in: the partners' own and
    those of the donors."""

    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    CNY = "CNY", _("Chinese yuan (CNY)")
    RUB = "RUB", _("Russian rouble (RUB)")
    KRW = "KRW", _("Korean won (KRW)")
    JPY = "JPY", _("Japanese yen (JPY)")
    MNT = "MNT", _("Mongolian tögrög (MNT)")
    KPW = "KPW", _("North Korean won (KPW)")


class WorkPlan(models.Model):
    """A group's plan for a period; its content lives in numbered versions."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="work_plans", verbose_name=_("group")
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="workplan_period_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    def get_absolute_url(self):
        return reverse("workinggroups:workplan", kwargs={"slug": self.group.slug, "pk": self.pk})

    def clean(self):
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            raise ValidationError({"period_end": _("The period must end after it starts.")})

    @property
    def period_label(self) -> str:
        """ "2027" for a plan within one year, "2026–2027" across years."""
        return year_span(self.period_start, self.period_end)


class WorkPlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the committee")
        APPROVED = "approved", pgettext_lazy("work plan status", "Approved")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    FROZEN = (Status.SUBMITTED, Status.APPROVED, Status.CHANGES_REQUESTED)

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("work plan version")
        verbose_name_plural = _("work plan versions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_version_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "submitted"]),
                name="workplan_one_open_version",
            ),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"

    def get_absolute_url(self):
        return reverse(
            "workinggroups:workplan_version",
            kwargs={"slug": self.plan.group.slug, "pk": self.plan_id, "number": self.number},
        )

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN


class WorkPlanItem(models.Model):
    """One line of a plan. `key` stays the same across versions, so versions
    can be compared item by item."""

    version = models.ForeignKey(WorkPlanVersion, on_delete=models.CASCADE, related_name="items")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)
    objective = models.CharField(_("objective"), max_length=300)
    output = models.CharField(_("output"), max_length=300, blank=True)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    responsible = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    resources = models.TextField(
        _("resources"),
        max_length=1000,
        blank=True,
        help_text=_("People, equipment, in-kind contributions and funding sources."),
    )

    COMPARED_FIELDS = (
        "objective",
        "output",
        "indicator",
        "target",
        "unit",
        "responsible",
        "starts_on",
        "ends_on",
        "budget",
        "currency",
        "resources",
    )

    class Meta:
        verbose_name = _("work plan item")
        verbose_name_plural = _("work plan items")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"], name="workplan_item_key_per_version"
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | (Q(budget__gte=0) & ~Q(currency="")),
                name="workplan_item_budget_has_currency",
            ),
        ]

    def __str__(self):
        return self.objective

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end must not be before the start.")
        if self.target is not None and not self.unit:
            errors["unit"] = _("Give the unit of the target.")
        if self.budget is not None and not self.currency:
            errors["currency"] = _("Give the currency of the budget.")
        if errors:
            raise ValidationError(errors)
