"""Protected areas, joint activities, indicators, reports, information centres."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.geo import shown_point
from common.names import LocalisedName
from common.vocabulary import ActionArea
from stakeholders.models import Country, Organisation

LATITUDE = [MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))]
LONGITUDE = [MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))]


class ProtectedArea(LocalisedName, models.Model):
    class Designation(models.TextChoices):
        NATIONAL_PARK = "national_park", _("National park")
        NATURE_RESERVE = "nature_reserve", _("Nature reserve")
        FEDERAL_REFUGE = "federal_refuge", _("Federal wildlife refuge (zakaznik)")
        REGIONAL_REFUGE = "regional_refuge", _("Regional wildlife refuge")
        OTHER = "other", _("Other protected area")

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="protected_areas", verbose_name=_("country")
    )
    designation = models.CharField(_("designation"), max_length=20, choices=Designation.choices)
    area_ha = models.PositiveIntegerField(_("area in hectares"), null=True, blank=True)
    established = models.PositiveSmallIntegerField(
        _("year established"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, validators=LONGITUDE
    )
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)
    administration = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="protected_areas",
        verbose_name=_("administration"),
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("protected area")
        verbose_name_plural = _("protected areas")
        ordering = ["country__sort_order", "name"]

    def __str__(self):
        return self.local_name

    def clean(self):
        shapes = {"Polygon", "MultiPolygon", "Feature", "FeatureCollection"}
        if self.outline is not None and (
            not isinstance(self.outline, dict) or self.outline.get("type") not in shapes
        ):
            raise ValidationError({"outline": _("Give a GeoJSON Polygon or MultiPolygon.")})


def unique_pair_slug(text: str, *, exclude_pk=None) -> str:
    """A free address for a pair's page, made from its name."""
    from django.utils.text import slugify

    base = slugify(text)[:100] or "pair"
    slug, counter = base, 2
    while CrossBorderPair.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class CrossBorderPair(models.Model):
    """Two protected areas facing each other across a border."""

    first = models.ForeignKey(ProtectedArea, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(ProtectedArea, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, blank=True, help_text=_("Its page's address.")
    )

    class Meta:
        verbose_name = _("cross-border pair")
        verbose_name_plural = _("cross-border pairs")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="pair_once"),
            models.CheckConstraint(condition=~Q(first=models.F("second")), name="pair_two_areas"),
        ]

    def __str__(self):
        return self.name or f"{self.first} – {self.second}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_pair_slug(str(self), exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("pair", kwargs={"slug": self.slug})

    def clean(self):
        if self.first_id and self.second_id and self.first.country_id == self.second.country_id:
            raise ValidationError(_("A cross-border pair joins areas of two countries."))


class IndicatorType(LocalisedName, models.Model):
    """What is counted: patrol days, km patrolled, snares removed… The
    secretariat adds more in the admin."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    unit = models.CharField(_("unit"), max_length=30)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator type")
        verbose_name_plural = _("indicator types")
        ordering = ["sort_order", "name"]

    catalogue_names = True

    def __str__(self):
        return self.local_name


class Activity(LocalisedName, models.Model):
    name_field = "title"

    class Kind(models.TextChoices):
        JOINT_SURVEY = "joint_survey", _("Joint survey")
        PATROL = "patrol", _("Joint anti-poaching patrol")
        SNARE_REMOVAL = "snare_removal", _("Snare removal")
        TRAINING = "training", _("Training")
        MONITORING = "monitoring", _("Monitoring")
        EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
        EDUCATION = "education", _("Public-education event")
        PUBLICATION = "publication", _("Joint publication")
        POLICY = "policy", _("Policy coordination")
        RESEARCH = "research", _("Research")

    class Cooperation(models.TextChoices):
        COMMUNICATION = "communication", _("Communication")
        COLLABORATION = "collaboration", _("Collaboration")
        COORDINATION = "coordination", _("Coordination")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", pgettext_lazy("activity status", "Approved")
        DECLINED = "declined", _("Declined")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), max_length=10000)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    action_area = models.CharField(_("action area"), max_length=20, choices=ActionArea.choices)
    cooperation = models.CharField(
        _("cooperation level"), max_length=20, choices=Cooperation.choices
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_activities",
        verbose_name=_("lead organisation"),
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="activities", blank=True, verbose_name=_("organisations")
    )
    countries = models.ManyToManyField(
        Country, related_name="activities", verbose_name=_("countries")
    )
    group = models.ForeignKey(
        "workinggroups.WorkingGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("working group"),
    )
    protected_areas = models.ManyToManyField(
        ProtectedArea, related_name="activities", blank=True, verbose_name=_("protected areas")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True, validators=LATITUDE
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True, validators=LONGITUDE
    )
    location_sensitive = models.BooleanField(
        _("sensitive location"),
        default=False,
        help_text=_("Show only a point generalised to about 10 km to those not entitled."),
    )
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Completed before its start only by saying so, with the reason.
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    completed_early = models.BooleanField(_("completed early"), default=False)
    completed_early_reason = models.TextField(
        _("why it was completed early"), max_length=1000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[organisations, countries, protected_areas])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "title"]
        permissions = [
            ("view_exact_location", _("Can see the exact point of a sensitive activity")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="activity_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(completed_early=False) | ~Q(completed_early_reason=""),
                name="activity_completed_early_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_on"])]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("activities:activity", kwargs={"pk": self.pk})

    def clean(self):
        """The rules of one activity's dates and place, for the site's form,
        the API and the services alike (they build an unsaved activity and
        ask it); each message under the field it is about."""
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end must not be before the start.")
        has_latitude, has_longitude = self.latitude is not None, self.longitude is not None
        if has_latitude != has_longitude:
            missing = "longitude" if has_latitude else "latitude"
            errors[missing] = _("Give both latitude and longitude, or neither.")
        elif self.location_sensitive and not has_latitude:
            errors["location_sensitive"] = _("Only a place with a map point can be sensitive.")
        errors.update(self._completion_errors())
        if errors:
            raise ValidationError(errors)

    def _completion_errors(self) -> dict:
        """A completion before the start must say so ("completed early"),
        with the reason; a completion on or after the start needs neither."""
        if self.status != self.Status.COMPLETED or not self.completed_on or not self.starts_on:
            return {}
        early = self.completed_on < self.starts_on
        if early and not self.completed_early:
            return {
                "completed_early": _(
                    "The activity starts on %(date)s. To complete it before its start, "
                    "tick “completed early” and give the reason."
                )
                % {"date": date_format(self.starts_on, "DATE_FORMAT")}
            }
        if self.completed_early and not (self.completed_early_reason or "").strip():
            return {
                "completed_early_reason": _("Say why the activity was completed before its start.")
            }
        return {}

    @property
    def completes_early(self) -> bool:
        """Completing it today would be before its start."""
        return bool(self.starts_on) and timezone.localdate() < self.starts_on

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def point_for(self, user) -> tuple[Decimal, Decimal, bool] | None:
        """The point this user may receive: (latitude, longitude, exact?).
        Every page, export and API answer takes the point from here."""
        if not self.has_point:
            return None
        return shown_point(
            self.latitude,
            self.longitude,
            sensitive=self.location_sensitive,
            entitled=self.location_sensitive
            and user.has_perm("activities.view_exact_location", self),
        )


class Indicator(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="indicators")
    indicator_type = models.ForeignKey(
        IndicatorType,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("indicator"),
    )
    planned = models.DecimalField(
        _("planned"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    achieved = models.DecimalField(
        _("achieved"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["indicator_type__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator_type"], name="indicator_once"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="indicator_planned_positive"),
            models.CheckConstraint(
                condition=Q(achieved__isnull=True) | Q(achieved__gte=0),
                name="indicator_achieved_positive",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_type}: {self.planned}"


class Transition(models.Model):
    """Every change of an activity's (or its report's) status: who and when."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="transitions")
    subject = models.CharField(max_length=10, default="activity")  # "activity" or "report"
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["activity", "at", "pk"]

    def __str__(self):
        return f"{self.activity}: {self.from_status} → {self.to_status}"


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the committee")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="report")
    narrative = models.TextField(_("what was done"), max_length=20000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    evidence = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="activity_reports",
        verbose_name=_("evidence"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self):
        return str(_("Report: %(activity)s")) % {"activity": self.activity}

    def get_absolute_url(self):
        return reverse("activities:report", kwargs={"pk": self.activity_id})


def photo_upload_to(instance, filename):
    """Photos are public with the accepted report; the name carries no user input."""
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"activity-photos/{instance.report.activity_id}/{uuid.uuid4().hex}.{extension}"


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_upload_to)
    alt_text = models.CharField(_("description for people who cannot see it"), max_length=300)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.alt_text


class InformationCentre(LocalisedName, models.Model):
    """An activity/information centre (seed 000 §55), hosted by a member
    organisation; its staff hold the centre-staff role for its country."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="centres", verbose_name=_("host")
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    description = models.TextField(_("description"), max_length=5000, blank=True)
    email = models.EmailField(_("contact email"), blank=True)

    class Meta:
        verbose_name = _("information centre")
        verbose_name_plural = _("information centres")
        ordering = ["name"]

    def __str__(self):
        return self.local_name

    def get_absolute_url(self):
        return reverse("activities:centre", kwargs={"slug": self.slug})
