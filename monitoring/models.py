"""Population estimates, patrol summaries and the import jobs that load them.

Both kinds of record are published by an information centre and share the
same publishing fields (`PublishedRecord`): the source of the figure, an
optional embargo (until that date only the centre's staff and the secretariat
see the record) and an optional map point that may be marked sensitive (then
everyone else gets the point generalised exactly as for activities; see
`common.geo.shown_point`).

Names here are read by the REST API: keep them stable.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.models import LATITUDE, LONGITUDE, InformationCentre, ProtectedArea
from common.numbers import format_lower_bound, format_number, format_range, is_lower_bound
from common.periods import period_label
from common.provenance import partnership_started_on
from common.storage import get_private_storage
from stakeholders.models import Country

FIRST_YEAR = 1900
LAST_YEAR = 2100
YEARS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Species(models.TextChoices):
    AMUR_TIGER = "amur_tiger", _("Amur tiger")
    AMUR_LEOPARD = "amur_leopard", _("Amur leopard")
    SIKA_DEER = "sika_deer", _("Sika deer")
    RED_DEER = "red_deer", _("Red deer")
    ROE_DEER = "roe_deer", _("Roe deer")
    WILD_BOAR = "wild_boar", _("Wild boar")


# The two cats the partnership is about (the home page's headline figures).
FLAGSHIP_SPECIES = (Species.AMUR_TIGER, Species.AMUR_LEOPARD)


class Method(models.TextChoices):
    CAMERA_TRAPPING = "camera_trapping", _("Camera trapping")
    SNOW_TRACKING = "snow_tracking", _("Snow tracking")
    GENETIC = "genetic", _("Genetic sampling")
    TRANSECT = "transect", _("Transect count")
    AERIAL = "aerial", _("Aerial survey")
    FIELD_SURVEY = "field_survey", _("Field survey and monitoring")
    EXPERT = "expert", _("Expert estimate")
    OTHER = "other", _("Other")


def baseline_before() -> datetime.date:
    """Figures describing a time before this day are the partnership's baseline."""
    return partnership_started_on()


def baseline_q(kind) -> Q:
    """The baseline records of `kind` (PopulationEstimate or PatrolSummary) as a filter."""
    start = baseline_before()
    if kind.__name__ == "PopulationEstimate":
        return Q(year__lt=start.year)
    return Q(period_end__lt=start)


class PublishedRecord(models.Model):
    """What every monitoring record carries: who publishes it, where the
    figure comes from, its embargo and its (possibly sensitive) point."""

    centre = models.ForeignKey(
        InformationCentre,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publishing centre"),
    )
    source = models.CharField(_("source"), max_length=500)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    embargo_until = models.DateField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Until this date only the centre's staff and the secretariat see the record."),
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
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    import_job = models.ForeignKey(
        "ImportJob",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def figure_date(self) -> datetime.date:
        """The day the figure describes (a year's estimate: its last day)."""
        raise NotImplementedError

    @property
    def is_baseline(self) -> bool:
        """Recorded for a time before the partnership started: its baseline,
        not one of its achievements (settings.PARTNERSHIP_STARTED_ON)."""
        return self.figure_date() < baseline_before()

    def is_embargoed(self, on=None) -> bool:
        """Still under embargo on `on` (today by default): public from the date on."""
        on = on or timezone.localdate()
        return self.embargo_until is not None and self.embargo_until > on


# What the database's uniqueness says when a form meets it (the import's row
# checks say the same: imports.already_stored_message).
ALREADY_STORED = _("The same record is already in the portal.")


def _point_complete(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
        | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
        name=f"{prefix}_point_complete",
    )


class PopulationEstimate(PublishedRecord):
    """How many animals of a species live in a country, protected area or
    region in a year, with bounds when the source gives them."""

    species = models.CharField(_("species"), max_length=20, choices=Species.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    protected_area = models.ForeignKey(
        ProtectedArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="population_estimates",
        verbose_name=_("protected area"),
    )
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("A province or region when the figure is not for one protected area."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEARS)
    # Decimal: sources give fractional means (5.5 tigers, seed 000 §9).
    estimate = models.DecimalField(
        _("estimate"), max_digits=10, decimal_places=1, validators=NOT_NEGATIVE
    )
    low = models.DecimalField(
        _("low bound"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    high = models.DecimalField(
        _("high bound"),
        max_digits=10,
        decimal_places=1,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)

    class Meta:
        verbose_name = _("population estimate")
        verbose_name_plural = _("population estimates")
        ordering = ["species", "country__sort_order", "year", "pk"]
        permissions = [
            ("view_exact_location", _("Can see the exact point of a sensitive monitoring record")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(estimate__gte=0), name="estimate_not_negative"),
            models.CheckConstraint(
                condition=Q(low__isnull=True) | Q(low__lte=F("estimate")),
                name="estimate_low_below",
            ),
            models.CheckConstraint(
                condition=Q(high__isnull=True) | Q(high__gte=F("estimate")),
                name="estimate_high_above",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="estimate_year"
            ),
            # One figure per species, place, year and method; NULL areas never
            # collide in a unique index, hence two partial constraints.
            models.UniqueConstraint(
                fields=["species", "country", "protected_area", "region", "year", "method"],
                condition=Q(protected_area__isnull=False),
                name="estimate_once_per_area",
                violation_error_message=ALREADY_STORED,
            ),
            models.UniqueConstraint(
                fields=["species", "country", "region", "year", "method"],
                condition=Q(protected_area__isnull=True),
                name="estimate_once_per_region",
                violation_error_message=ALREADY_STORED,
            ),
            _point_complete("estimate"),
        ]
        indexes = [models.Index(fields=["species", "year"])]

    def __str__(self):
        return f"{self.get_species_display()}, {self.place_name}, {self.year}: {self.estimate}"

    def clean(self):
        super().clean()
        errors = self.rule_errors()
        if errors:
            raise ValidationError(errors)

    def rule_errors(self) -> dict[str, str]:
        """The estimate's rules across its fields (the area in the country,
        low ≤ estimate ≤ high), {field: message}: what `clean()` raises and
        what an import's row checks report (`imports.build_estimate`)."""
        errors = {}
        if (
            self.protected_area_id
            and self.country_id
            and self.protected_area.country_id != self.country_id
        ):
            errors["protected_area"] = _("The protected area %(area)s is not in %(country)s.") % {
                "area": self.protected_area.local_name,
                "country": self.country.local_name,
            }
        if self.estimate is not None:
            if self.low is not None and self.low > self.estimate:
                errors["low"] = _(
                    "The low bound (%(low)s) is above the estimate (%(estimate)s)."
                ) % {
                    "low": self.low,
                    "estimate": self.estimate,
                }
            if self.high is not None and self.high < self.estimate:
                errors["high"] = _(
                    "The high bound (%(high)s) is below the estimate (%(estimate)s)."
                ) % {"high": self.high, "estimate": self.estimate}
        return errors

    def figure_date(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def is_lower_bound(self) -> bool:
        """The source gives only a minimum ("over 120 individuals"): the
        estimate is its own low bound and there is no high bound."""
        return is_lower_bound(self.estimate, self.low, self.high)

    @property
    def estimate_text(self) -> str:
        """The figure as the source gives it: "80", "5.5" or "over 120"."""
        if self.is_lower_bound:
            return format_lower_bound(self.estimate, 1)
        return format_number(self.estimate, 1)

    @property
    def range_text(self) -> str:
        """The bounds, worded: "10–14", "from 30", "up to 90"; nothing for a
        lower-bound estimate, whose text already says "over"."""
        if self.is_lower_bound:
            return ""
        return format_range(self.low, self.high, 1)

    @property
    def place_name(self) -> str:
        if self.protected_area_id:
            return self.protected_area.local_name
        return self.region or str(self.country)

    def duplicate_key(self) -> tuple:
        """What makes two estimates the same record (the unique constraints)."""
        return (
            self.species,
            self.country_id,
            self.protected_area_id,
            self.region.strip().casefold(),
            self.year,
            self.method,
        )


class PatrolSummary(PublishedRecord):
    """Patrol effort and results of one protected area over one period."""

    protected_area = models.ForeignKey(
        ProtectedArea,
        on_delete=models.PROTECT,
        related_name="patrol_summaries",
        verbose_name=_("protected area"),
    )
    period_start = models.DateField(
        _("period start"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a cumulative total up to the end of the period."),
    )
    period_end = models.DateField(_("period end"))
    patrol_days = models.PositiveIntegerField(_("patrol days"))
    km_patrolled = models.DecimalField(
        _("km patrolled"), max_digits=10, decimal_places=1, validators=NOT_NEGATIVE
    )
    snares_removed = models.PositiveIntegerField(_("snares removed"), default=0)
    violations_recorded = models.PositiveIntegerField(_("violations recorded"), default=0)
    camera_traps = models.PositiveIntegerField(_("camera traps"), default=0)

    class Meta:
        verbose_name = _("patrol summary")
        verbose_name_plural = _("patrol summaries")
        ordering = ["protected_area__name", "period_end", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_end__gte=F("period_start")),
                name="patrol_period_ordered",
            ),
            models.CheckConstraint(condition=Q(km_patrolled__gte=0), name="patrol_km_positive"),
            models.UniqueConstraint(
                fields=["protected_area", "period_start", "period_end"],
                condition=Q(period_start__isnull=False),
                name="patrol_once_per_period",
                violation_error_message=ALREADY_STORED,
            ),
            models.UniqueConstraint(
                fields=["protected_area", "period_end"],
                condition=Q(period_start__isnull=True),
                name="patrol_cumulative_once",
                violation_error_message=ALREADY_STORED,
            ),
            _point_complete("patrol"),
        ]
        indexes = [models.Index(fields=["period_end"])]

    def __str__(self):
        return f"{self.protected_area}, {self.period_label}"

    def clean(self):
        super().clean()
        errors = self.rule_errors()
        if errors:
            raise ValidationError(errors)

    def rule_errors(self) -> dict[str, str]:
        """The summary's rules across its fields (the period in order): what
        `clean()` raises and what an import's row checks report."""
        if self.period_start and self.period_end and self.period_end < self.period_start:
            return {"period_end": str(_("The period ends before it starts."))}
        return {}

    def figure_date(self) -> datetime.date:
        return self.period_end

    @property
    def period_label(self) -> str:
        """The period in the reader's language: "2025" for a whole year,
        "1 Mar 2025 – 30 Sep 2025", or "up to 31 Mar 2012" without a start."""
        if self.period_start:
            return period_label(self.period_start, self.period_end)
        return str(_("up to %(date)s")) % {
            "date": date_format(self.period_end, "SHORT_DATE_FORMAT")
        }

    def duplicate_key(self) -> tuple:
        return (self.protected_area_id, self.period_start, self.period_end)


DEFAULT_STALE_SECONDS = 600


def stale_after_seconds() -> int:
    """How long a running import may stay silent before it counts as stuck."""
    return getattr(settings, "MONITORING_IMPORT_STALE_SECONDS", DEFAULT_STALE_SECONDS)


def import_upload_to(instance, filename):
    """Uploaded files keep no user-given name on disk."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"monitoring-imports/{uuid.uuid4().hex}.{extension[:5]}"


class ImportJob(models.Model):
    """One uploaded file and what became of it. Small files are checked
    while the uploader waits; large ones by the `import_run` task, which
    updates `progress` as it checks rows. A file is checked first without
    writing anything (the preview, status PREVIEW); only once the uploader
    confirms (`confirmed_at`) is the same stored file checked again and
    imported."""

    class Kind(models.TextChoices):
        POPULATION = "population", _("Population estimates")
        PATROL = "patrol", _("Patrol summaries")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        SMART = "smart", _("SMART patrol export (CSV)")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("import status", "Waiting")
        RUNNING = "running", _("Checking rows")
        PREVIEW = "preview", _("Checked: waiting for your confirmation")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused: nothing imported")
        FAILED = "failed", _("Failed: nothing imported")

    centre = models.ForeignKey(
        InformationCentre,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("publishing centre"),
    )
    kind = models.CharField(_("data"), max_length=12, choices=Kind.choices)
    file_format = models.CharField(_("file format"), max_length=8, choices=Format.choices)
    file = models.FileField(
        _("file"), upload_to=import_upload_to, storage=get_private_storage, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    # A CSV's text encoding, as chosen or detected when it was uploaded
    # (common.textfiles); the preview and the import read it the same way.
    encoding = models.CharField(_("encoding"), max_length=16, blank=True)
    encoding_detected = models.BooleanField(_("encoding detected"), default=False)
    # What the confirmation names: the import writes the file that was previewed.
    file_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    progress = models.PositiveIntegerField(_("rows checked"), default=0)
    imported = models.PositiveIntegerField(_("rows imported"), default=0)
    # {"errors": [{"row": 3, "messages": ["..."]}, ...], "file_errors": ["..."]}
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Written when a run claims the job and as it checks rows: a "running" job
    # silent for longer than MONITORING_IMPORT_STALE_SECONDS lost its worker
    # and may be claimed again (see services._claim).
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)
    # Which claim owns the job: a run that was taken over finds it changed
    # and stops without writing.
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=F("total")) | Q(total=0), name="import_progress_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name or self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("monitoring:import_job", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def in_progress(self) -> bool:
        """Waiting for a run or being run: the page follows its progress."""
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def awaits_confirmation(self) -> bool:
        return self.status == self.Status.PREVIEW

    @property
    def preview(self) -> dict:
        """The first rows with their checks and the totals, as the check run
        stored them (see services._preview)."""
        value = self.report.get("preview") if isinstance(self.report, dict) else None
        return value if isinstance(value, dict) else {}

    @property
    def looks_stuck(self) -> bool:
        """Unfinished and silent for longer than a run may be: its worker
        probably stopped. Nothing was imported (the inserts are atomic); a
        redelivered task takes it over."""
        if not self.in_progress:
            return False
        last_sign = self.heartbeat_at or self.created_at
        return last_sign is not None and last_sign < timezone.now() - datetime.timedelta(
            seconds=stale_after_seconds()
        )

    @property
    def percent(self) -> int:
        if not self.in_progress:
            return 100
        return int(self.progress * 100 / self.total) if self.total else 0

    @property
    def refused_rows(self) -> list:
        return self.report.get("errors", []) if isinstance(self.report, dict) else []

    @property
    def file_errors(self) -> list:
        return self.report.get("file_errors", []) if isinstance(self.report, dict) else []
