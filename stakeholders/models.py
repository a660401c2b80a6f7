"""Member organisations, the people in them, how they join, and scoped roles."""

import datetime
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.names import LocalisedName

_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
# The code of the "country" of international organisations (the vocabulary's last).
INTERNATIONAL = "INT"


def normalize_name(name: str) -> str:
    """The comparison key for organisation names: case, spacing and
    punctuation do not count ("W.W.F. China" == "wwf  china")."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", name or "").casefold())


class Country(LocalisedName, models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    default_time_zone = models.CharField(_("default time zone"), max_length=64, default="UTC")
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["sort_order", "name"]

    catalogue_names = True

    def __str__(self):
        return self.local_name

    def name_sort_key(self, language=None):
        # "International" closes the list of the member countries in every language.
        return (self.code == INTERNATIONAL, *super().name_sort_key(language))


class StakeholderType(LocalisedName, models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stakeholder type")
        verbose_name_plural = _("stakeholder types")
        ordering = ["sort_order", "name"]

    # the catalogues translate the seeded types; a published FieldTranslation
    # of `name` (edited on the type's admin page) comes first, as for countries
    catalogue_names = True

    def __str__(self):
        return self.local_name

    def name_sort_key(self, language=None):
        # the secretariat's order (governments first...), then the name
        return (self.sort_order, *super().name_sort_key(language))


def logo_upload_to(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"logos/{instance.slug or 'organisation'}.{extension}"


class Organisation(LocalisedName, models.Model):
    class Status(models.TextChoices):
        # Contexts: the words agree with "organisation" in Russian and others.
        APPLICANT = "applicant", pgettext_lazy("organisation status", "Applicant")
        ACTIVE = "active", pgettext_lazy("organisation status", "Active")
        SUSPENDED = "suspended", pgettext_lazy("organisation status", "Suspended")
        WITHDRAWN = "withdrawn", pgettext_lazy("organisation status", "Withdrawn")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    stakeholder_type = models.ForeignKey(
        StakeholderType,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("stakeholder type"),
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    address = models.TextField(_("postal address"), max_length=500, blank=True)
    phone = models.CharField(
        _("telephone"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 ()./-]{4,38}$",
                _("Write a telephone number with digits, spaces and + ( ) - . / only."),
            )
        ],
        help_text=_("With the country code, e.g. +7 423 123 45 67."),
    )
    email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Shown on the public profile.")
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.APPLICANT
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["normalized_name", "updated_at"])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [("export_directory", _("Can export the member directory"))]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self):
        name = self.local_name
        return f"{name} ({self.acronym})" if self.acronym else name

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("stakeholders:organisation", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ACTIVE

    def grant_reason(self, user) -> str:
        """Why `user` holds grants on this organisation, in plain words."""
        person = self.people.filter(user=user, is_representative=True).first()
        if person is None:
            return gettext("object permission on %(org)s") % {"org": self}
        return gettext("listed as representative of %(org)s") % {"org": self}

    def describe_grant(self, codename):
        """Plain words for a per-object grant on this organisation."""
        if codename == "change_organisation":
            return (
                gettext("Representative of %(org)s") % {"org": self},
                [
                    gettext("edit the profile, logo and contacts of %(org)s") % {"org": self},
                ],
            )
        return str(self), [codename]


class Person(models.Model):
    """Someone working for a member organisation, with or without an account."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name=_("user account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    is_focal_point = models.BooleanField(
        _("focal point"),
        default=False,
        help_text=_("The organisation's focal point (main contact) for the partnership."),
    )
    is_representative = models.BooleanField(
        _("representative"),
        default=False,
        help_text=_("May edit the organisation's profile and act for it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["organisation__name", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="person_unique_user_per_organisation",
            )
        ]

    def __str__(self):
        return f"{self.full_name}, {self.organisation.local_name}"


class MembershipApplication(models.Model):
    """A request to join (a new organisation) or to represent an existing one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        MORE_INFO = "more_info", _("More information requested")
        APPROVED = "approved", pgettext_lazy("application status", "Approved")
        REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_applications",
        verbose_name=_("applicant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organisation"),
        help_text=_("Set when applying for an existing organisation, or once approved."),
    )
    # What the applicant proposes; copied from the organisation when it exists,
    # so the scope (country, type) of every application is on the row itself.
    name = models.CharField(_("organisation name"), max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    stakeholder_type = models.ForeignKey(
        StakeholderType, on_delete=models.PROTECT, verbose_name=_("stakeholder type")
    )
    website = models.URLField(_("website"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    applicant_position = models.CharField(_("your position"), max_length=150)
    motivation = models.TextField(_("why join the partnership"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decided_applications",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), max_length=3000, blank=True)
    applicant_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["normalized_name", "applicant_notified_at"])

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]
        permissions = [("decide_application", _("Can decide membership applications"))]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "normalized_name"],
                condition=Q(status__in=["pending", "more_info"]),
                name="application_one_open_per_applicant_and_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="application_rejection_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "country", "stakeholder_type"])]

    def __str__(self):
        return gettext("%(name)s — application by %(applicant)s") % {
            "name": self.name,
            "applicant": self.applicant,
        }

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("stakeholders:application", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def awaits_applicant(self) -> bool:
        """A decider asked a question; the applicant answers and resubmits."""
        return self.status == self.Status.MORE_INFO

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.MORE_INFO)

    @property
    def is_for_existing_organisation(self) -> bool:
        return self.organisation_id is not None and self.status == self.Status.PENDING


class ApplicationRound(models.Model):
    """One round of the dialogue on an application: a decider's question and
    the applicant's answer (with what they changed in the application).

    A round is open until answered; at most one is open per application
    (a constraint), and the application is "more information requested"
    exactly while it is. The services (`application_request_information`,
    `application_resubmit`) keep the two in step."""

    application = models.ForeignKey(
        MembershipApplication,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("application"),
    )
    number = models.PositiveSmallIntegerField(_("round"))
    question = models.TextField(_("question"), max_length=3000)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # {field name: [before, after]} of what the applicant changed on resubmitting.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("application round")
        verbose_name_plural = _("application rounds")
        ordering = ["application", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="application_round_number_unique"
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(answered_at__isnull=True),
                name="application_one_open_round",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="application_round_answered_with_text",
            ),
        ]

    def __str__(self):
        return gettext("Round %(number)d on %(application)s") % {
            "number": self.number,
            "application": self.application_id,
        }

    def clean(self):
        errors = {}
        if not (self.question or "").strip():
            errors["question"] = _("Ask the applicant a question.")
        if self.answered_at is not None and not (self.answer or "").strip():
            errors["answer"] = _("Answer the question before you resubmit.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field label, before, after) for what the applicant changed."""
        rows = []
        for name, values in (self.changes or {}).items():
            try:
                label = MembershipApplication._meta.get_field(name).verbose_name
            except FieldDoesNotExist:  # a field since removed: show its name
                label = name
            before, after = [*values, "", ""][:2]
            rows.append((label, before, after))
        return rows


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Secretariat staff")
    COMMITTEE = "committee", _("Coordination-committee member")
    FOCAL_POINT = "focal_point", _("Country focal point")
    CENTRE_STAFF = "centre_staff", _("Information-centre staff")


# What each role lets its holder do, in plain words; `%(scope)s` is the
# assignment's scope ("Russian Federation", "China / protected areas").
class RoleAssignmentQuerySet(models.QuerySet):
    def active(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__lte=on), Q(ends_on__isnull=True) | Q(ends_on__gt=on))


class RoleAssignment(models.Model):
    """A role, optionally limited to a country and/or a stakeholder type.

    "Focal point, Russian Federation"; "committee member, China / protected
    areas". It works from `starts_on` and stops working on `ends_on`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("limited to country"),
    )
    stakeholder_type = models.ForeignKey(
        StakeholderType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("limited to stakeholder type"),
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("The role stops working on this day.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__email", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="role_assignment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(role="focal_point") | Q(country__isnull=False),
                name="role_assignment_focal_point_has_country",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.title()}"

    def clean(self):
        errors = {}
        if self.role == Role.FOCAL_POINT and not self.country_id:
            errors["country"] = _("A country focal point must be limited to a country.")
        if self.role == Role.SECRETARIAT and (self.country_id or self.stakeholder_type_id):
            errors["country"] = _("Secretariat staff act for the whole partnership: no scope.")
        if self.ends_on and self.starts_on and self.ends_on <= self.starts_on:
            errors["ends_on"] = _("The end date must be after the start date.")
        if errors:
            raise ValidationError(errors)

    def covers(self, country_id, stakeholder_type_id) -> bool:
        return (self.country_id is None or self.country_id == country_id) and (
            self.stakeholder_type_id is None or self.stakeholder_type_id == stakeholder_type_id
        )

    def is_active(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on > on)

    def scope_text(self) -> str:
        parts = [str(p) for p in (self.country, self.stakeholder_type) if p is not None]
        return " / ".join(parts) if parts else gettext("the whole partnership")

    def title(self) -> str:
        label = self.get_role_display()
        if self.country_id or self.stakeholder_type_id:
            return f"{label}, {self.scope_text()}"
        return str(label)

    def reason_text(self) -> str:
        start = date_format(self.starts_on, "SHORT_DATE_FORMAT")
        parts = [gettext("role assignment from %(date)s") % {"date": start}]
        if self.ends_on:
            end = date_format(self.ends_on, "SHORT_DATE_FORMAT")
            parts.append(gettext("until %(date)s") % {"date": end})
        if self.assigned_by_id:
            parts.append(gettext("assigned by %(who)s") % {"who": self.assigned_by})
        if self.note:
            parts.append(f"({self.note})")
        return " ".join(parts)
