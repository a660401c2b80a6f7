"""Activities and their reports, read and written."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import (
    Activity,
    Indicator,
    IndicatorType,
    ProtectedArea,
    Report,
)
from api.exceptions import from_django_validation_error
from stakeholders.models import Country, Organisation
from workinggroups.models import WorkingGroup

from .base import StrictCharField, StrictFieldsMixin
from .reference import OrganisationRefSerializer

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
    # The title in the language asked for (Accept-Language), English when none.
    title = serializers.CharField(source="local_name", read_only=True)

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


class CompleteSerializer(StrictFieldsMixin, serializers.Serializer):
    """Completing an ongoing activity: before its start only as "completed
    early", with the reason (`activities.services.activity_complete`)."""

    completed_early = serializers.BooleanField(required=False, default=False)
    completed_early_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=1000, default=""
    )
