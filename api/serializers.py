"""What the API shows and accepts. Serializers stay thin: reads come from the
apps' selectors, writes go through their services (same checks, same side
effects as the site). Every write serializer refuses unknown fields."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import (
    Activity,
    Indicator,
    IndicatorType,
    InformationCentre,
    ProtectedArea,
    Report,
)
from api.exceptions import from_django_validation_error
from documents.models import Document
from meetings.models import Meeting
from monitoring.models import Method, PatrolSummary, PopulationEstimate, Species
from stakeholders.models import Country, Organisation, StakeholderType
from workinggroups.models import WorkingGroup


class StrictFieldsMixin:
    """Refuse fields the serializer does not know (a typo must not pass
    silently), and read-only fields sent as if they could be written."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """Text only: a number or a list where text belongs is a mistake, not
    something to turn into text."""

    default_error_messages = {"not_text": _("Give text here.")}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text")
        return super().to_internal_value(data)


# --- Reference data ---------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name"]


class StakeholderTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = StakeholderType
        fields = ["slug", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "acronym"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountrySerializer()
    stakeholder_type = StakeholderTypeSerializer()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "acronym",
            "country",
            "stakeholder_type",
            "website",
            "description",
            "joined_on",
        ]


class WorkingGroupSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    organisation_count = serializers.IntegerField(read_only=True)
    action_areas = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = WorkingGroup
        fields = [
            "slug",
            "name",
            "mandate",
            "action_areas",
            "countries",
            "status",
            "member_count",
            "organisation_count",
        ]


class ProtectedAreaSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    administration = OrganisationRefSerializer(allow_null=True)

    class Meta:
        model = ProtectedArea
        fields = [
            "slug",
            "name",
            "country",
            "designation",
            "area_ha",
            "established",
            "latitude",
            "longitude",
            "administration",
            "description",
        ]


# --- Activities -------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    type = serializers.SlugRelatedField(source="indicator_type", slug_field="slug", read_only=True)
    name = serializers.CharField(source="indicator_type.__str__", read_only=True)
    unit = serializers.CharField(source="indicator_type.unit", read_only=True)

    class Meta:
        model = Indicator
        fields = ["type", "name", "unit", "planned", "achieved"]


class PointSerializer(serializers.Serializer):
    latitude = serializers.DecimalField(max_digits=8, decimal_places=5)
    longitude = serializers.DecimalField(max_digits=8, decimal_places=5)
    exact = serializers.BooleanField(
        help_text=_("False when the location is sensitive and generalised to about 10 km.")
    )


class ActivitySerializer(serializers.ModelSerializer):
    """An activity as the list and detail pages show it; the point comes
    from `activities.selectors.points_for` (generalised when sensitive)."""

    lead_organisation = OrganisationRefSerializer(read_only=True)
    organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    countries = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    protected_areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    point = serializers.SerializerMethodField()
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "action_area",
            "cooperation",
            "status",
            "lead_organisation",
            "organisations",
            "countries",
            "protected_areas",
            "group",
            "starts_on",
            "ends_on",
            "point",
            "indicators",
        ]

    @extend_schema_field(PointSerializer(allow_null=True))
    def get_point(self, activity):
        point = self.context["points"].get(activity.pk)
        if point is None:
            return None
        latitude, longitude, exact = point
        return {"latitude": str(latitude), "longitude": str(longitude), "exact": exact}


class ActivityWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    """A proposal or a change; `activities.services` checks who may and the rules."""

    title = StrictCharField(max_length=250)
    description = StrictCharField(max_length=10000)
    kind = serializers.ChoiceField(choices=Activity.Kind.choices)
    action_area = serializers.ChoiceField(choices=Activity._meta.get_field("action_area").choices)
    cooperation = serializers.ChoiceField(choices=Activity.Cooperation.choices)
    lead_organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
        help_text=_("Fixed once proposed: only read when proposing."),
    )
    organisations = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=Organisation.objects.filter(status=Organisation.Status.ACTIVE),
    )
    countries = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Country.objects.all(), allow_empty=False
    )
    protected_areas = serializers.SlugRelatedField(
        slug_field="slug", many=True, required=False, queryset=ProtectedArea.objects.all()
    )
    group = serializers.SlugRelatedField(
        slug_field="slug",
        required=False,
        allow_null=True,
        queryset=WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED),
    )
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )
    location_sensitive = serializers.BooleanField(required=False, default=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    planned = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, allow_null=True
        ),
        required=False,
        help_text=_("Planned value by indicator type (slug); null removes the indicator."),
    )

    def validate_planned(self, value):
        types = {t.slug: t for t in IndicatorType.objects.filter(slug__in=list(value))}
        unknown = sorted(set(value) - set(types))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown indicator types: %(slugs)s.") % {"slugs": ", ".join(unknown)}
            )
        return {types[slug]: number for slug, number in value.items()}

    def validate(self, data):
        # the activity's own rules (dates, point, sensitive place): Activity.clean
        names = ("latitude", "longitude", "location_sensitive", "starts_on", "ends_on")
        place = {name: data.get(name) for name in names}
        place["location_sensitive"] = bool(place["location_sensitive"])
        try:
            Activity(**place).clean()
        except DjangoValidationError as error:
            raise from_django_validation_error(error) from None
        return data

    def service_arguments(self) -> dict:
        """The arguments `activity_propose` / `activity_update` take, as the
        site's ActivityForm.service_arguments gives them."""
        data = dict(self.validated_data)
        planned = data.pop("planned", {})
        countries = data.pop("countries")
        organisations = data.pop("organisations", [])
        protected_areas = data.pop("protected_areas", [])
        data.setdefault("group", None)
        data.setdefault("latitude", None)
        data.setdefault("longitude", None)
        return {
            "fields": data,
            "countries": countries,
            "organisations": organisations,
            "protected_areas": protected_areas,
            "planned": planned,
        }


class ReportSerializer(serializers.ModelSerializer):
    activity = serializers.IntegerField(source="activity_id", read_only=True)

    class Meta:
        model = Report
        fields = ["activity", "narrative", "status", "submitted_at", "updated_at"]


class ReportWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    narrative = StrictCharField(max_length=20000)
    achieved = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, allow_null=True
        ),
        required=False,
        help_text=_("Achieved value by indicator type (slug) of the activity's indicators."),
    )

    def validate_achieved(self, value):
        activity = self.context["activity"]
        indicators = {i.indicator_type.slug: i for i in activity.indicators.all()}
        unknown = sorted(set(value) - set(indicators))
        if unknown:
            raise serializers.ValidationError(
                _("Not an indicator of this activity: %(slugs)s.") % {"slugs": ", ".join(unknown)}
            )
        return {indicators[slug].pk: number for slug, number in value.items()}


class StepSerializer(StrictFieldsMixin, serializers.Serializer):
    """A lifecycle step takes no fields."""


# --- Meetings, news, documents ----------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    attending_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "time_zone",
            "venue",
            "online_url",
            "status",
            "group",
            "attending_count",
        ]


class ArticleSerializer(serializers.Serializer):
    """An article in the client's language (Accept-Language), with fallback
    to a published translation or the original, as the news pages have it."""

    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(help_text=_("The language of the text shown."))
    publish_at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    topics = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_author(self, card) -> str:
        return str(card.article.author)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_countries(self, card):
        return [country.code for country in card.article.countries.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, card):
        return [topic.slug for topic in card.article.topics.all()]


class ArticleDetailSerializer(ArticleSerializer):
    body = serializers.CharField(help_text=_("Sanitised HTML."))


class DocumentVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    original_name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    download_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, version):
        request = self.context.get("request")
        url = version.get_absolute_url()
        return request.build_absolute_uri(url) if request is not None else url


class DocumentSerializer(serializers.ModelSerializer):
    group = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    latest_version = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "title", "description", "language", "access", "group", "latest_version"]

    @extend_schema_field(DocumentVersionSerializer(allow_null=True))
    def get_latest_version(self, document):
        versions = getattr(document, "latest_versions", None)
        if not versions:
            return None
        return DocumentVersionSerializer(versions[0], context=self.context).data


# --- Monitoring data (monitoring/) -----------------------------------------------------


class _RecordPointMixin(serializers.Serializer):
    point = serializers.SerializerMethodField()

    @extend_schema_field(PointSerializer(allow_null=True))
    def get_point(self, record):
        point = self.context["points"].get((record._meta.label_lower, record.pk))
        if point is None:
            return None
        latitude, longitude, exact = point
        return {"latitude": str(latitude), "longitude": str(longitude), "exact": exact}


class PopulationEstimateSerializer(_RecordPointMixin, serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="code", read_only=True)
    protected_area = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    centre = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PopulationEstimate
        fields = [
            "id",
            "species",
            "country",
            "protected_area",
            "region",
            "year",
            "estimate",
            "low",
            "high",
            "method",
            "source",
            "source_url",
            "centre",
            "point",
        ]


class PatrolSummarySerializer(_RecordPointMixin, serializers.ModelSerializer):
    protected_area = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    country = serializers.CharField(source="protected_area.country.code", read_only=True)
    centre = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PatrolSummary
        fields = [
            "id",
            "protected_area",
            "country",
            "period_start",
            "period_end",
            "patrol_days",
            "km_patrolled",
            "snares_removed",
            "violations_recorded",
            "camera_traps",
            "source",
            "source_url",
            "centre",
            "point",
        ]


# The writes: each value is handed to `monitoring.services` as the text of an
# import cell, and checked there by the very function that checks a row of an
# import file (`monitoring.imports.check_record`), so the API and the files
# accept the same records with the same messages. The fields below only turn
# JSON values into text and describe them in the schema.


class _Cell(serializers.Field):
    """Null is an empty cell; `accepts` are the JSON types that make sense
    here besides text (a list or an object never does)."""

    accepts: tuple = ()
    default_error_messages = {"invalid": _("Give a single value of the documented type.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            return data
        if isinstance(data, bool):  # before int: a bool is an int in Python
            if bool in self.accepts:
                return "yes" if data else "no"
        elif isinstance(data, (int, float)) and (type(data) in self.accepts):
            return str(data)
        self.fail("invalid")

    def to_representation(self, value):
        return value


@extend_schema_field(OpenApiTypes.STR)
class TextCell(_Cell):
    pass


@extend_schema_field(OpenApiTypes.DATE)
class DateCell(_Cell):
    pass


@extend_schema_field(OpenApiTypes.INT)
class IntegerCell(_Cell):
    accepts = (int, float)


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "format": "decimal"}]})
class NumberCell(_Cell):
    accepts = (int, float)


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanCell(_Cell):
    accepts = (bool,)


def _choice_cell(choices, **kwargs):
    """A code of `choices` (the English name is accepted too, as in files)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class ChoiceCell(_Cell):
        pass

    return ChoiceCell(**kwargs)


class _RecordWriteSerializer(StrictFieldsMixin, serializers.Serializer):
    """A monitoring record as the import template's columns."""

    centre = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=InformationCentre.objects.all(),
        required=False,
        help_text=_(
            "The publishing centre; may be left out by those who publish for one centre only."
        ),
    )
    source = TextCell(help_text=_("Where the figure comes from."))
    source_url = TextCell(required=False)
    embargo_until = DateCell(required=False)
    latitude = NumberCell(required=False)
    longitude = NumberCell(required=False)
    location_sensitive = BooleanCell(required=False)
    notes = TextCell(required=False)

    def service_arguments(self) -> dict:
        data = dict(self.validated_data)
        centre = data.pop("centre", None)
        values = {name: ("" if value is None else value) for name, value in data.items()}
        return {"centre": centre, "values": values}


class PopulationEstimateWriteSerializer(_RecordWriteSerializer):
    species = _choice_cell(Species.choices)
    country = TextCell(help_text=_("Country code, e.g. CN."))
    protected_area = TextCell(required=False, help_text=_("Protected-area slug, in that country."))
    region = TextCell(required=False)
    year = IntegerCell()
    estimate = NumberCell()
    low = NumberCell(required=False)
    high = NumberCell(required=False)
    method = _choice_cell(Method.choices)


class PatrolSummaryWriteSerializer(_RecordWriteSerializer):
    protected_area = TextCell(help_text=_("Protected-area slug."))
    period_start = DateCell(required=False, help_text=_("Empty for a cumulative total."))
    period_end = DateCell()
    patrol_days = IntegerCell()
    km_patrolled = NumberCell()
    snares_removed = IntegerCell(required=False)
    violations_recorded = IntegerCell(required=False)
    camera_traps = IntegerCell(required=False)
