"""Monitoring data (population estimates, patrol summaries), read and written
as the import template's columns."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from activities.models import InformationCentre
from monitoring.models import Method, PatrolSummary, PopulationEstimate, Species

from .activities import PointSerializer
from .base import StrictFieldsMixin

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
