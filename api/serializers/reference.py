"""Reference data: countries, stakeholder types, organisations, working groups, protected areas."""

from __future__ import annotations

from rest_framework import serializers

from activities.models import ProtectedArea
from stakeholders.models import Country, Organisation, StakeholderType
from workinggroups.models import WorkingGroup

# --- Reference data ---------------------------------------------------------------


class CountrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="local_name", read_only=True)

    class Meta:
        model = Country
        fields = ["code", "name"]


class StakeholderTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = StakeholderType
        fields = ["slug", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    # The name in the language asked for (Accept-Language), English when none.
    name = serializers.CharField(source="local_name", read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "acronym"]


class OrganisationSerializer(serializers.ModelSerializer):
    country = CountrySerializer()
    stakeholder_type = StakeholderTypeSerializer()
    name = serializers.CharField(source="local_name", read_only=True)

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
    name = serializers.CharField(source="local_name", read_only=True)

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
    name = serializers.CharField(source="local_name", read_only=True)

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
