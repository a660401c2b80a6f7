"""Filters for the list endpoints (django-filter): the same ones the site's
lists offer, by stable keys (country codes, slugs) rather than ids."""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from activities.models import Activity, ProtectedArea
from common.vocabulary import ActionArea
from documents.models import Document
from meetings.models import Meeting
from monitoring.models import PatrolSummary, PopulationEstimate
from news.models import Article
from stakeholders.models import Organisation


class StrictFilterSet(filters.FilterSet):
    """A filter of a choice, a date or a number given empty (`?status=`) is
    a 400, as the schema says (a web form's "any" is leaving it out here)."""

    def is_valid(self):
        valid = super().is_valid()
        for name, declared in self.filters.items():
            if isinstance(declared, filters.CharFilter) or self.data.get(name) != "":
                continue
            if name not in self.form.errors:
                self.form.add_error(name, _("Give a value, or leave the filter out."))
            valid = False
        return valid


class OrganisationFilter(StrictFilterSet):
    country = filters.CharFilter(field_name="country__code", help_text="Country code, e.g. CN.")
    stakeholder_type = filters.CharFilter(field_name="stakeholder_type__slug")
    q = filters.CharFilter(method="search", help_text="Part of the name or acronym.")

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class ProtectedAreaFilter(StrictFilterSet):
    country = filters.CharFilter(field_name="country__code")
    designation = filters.ChoiceFilter(choices=ProtectedArea.Designation.choices)

    class Meta:
        model = ProtectedArea
        fields = []


def _through_has(through, key, **match):
    return Exists(through.objects.filter(**{key: OuterRef("pk")}, **match))


class ActivityFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=Activity.Status.choices)
    kind = filters.ChoiceFilter(choices=Activity.Kind.choices)
    action_area = filters.ChoiceFilter(choices=ActionArea.choices)
    cooperation = filters.ChoiceFilter(choices=Activity.Cooperation.choices)
    group = filters.CharFilter(field_name="group__slug")
    lead_organisation = filters.CharFilter(field_name="lead_organisation__slug")
    country = filters.CharFilter(method="in_country", help_text="Country code, e.g. RU.")
    organisation = filters.CharFilter(method="with_organisation", help_text="Lead or partner.")
    protected_area = filters.CharFilter(method="in_protected_area")
    starts_after = filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    starts_before = filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = []

    # Exists() rather than joins, so that no activity is listed twice.
    def in_country(self, queryset, name, value):
        return queryset.filter(
            _through_has(Activity.countries.through, "activity_id", country__code=value)
        )

    def with_organisation(self, queryset, name, value):
        takes_part = _through_has(
            Activity.organisations.through, "activity_id", organisation__slug=value
        )
        return queryset.filter(takes_part | Q(lead_organisation__slug=value))

    def in_protected_area(self, queryset, name, value):
        return queryset.filter(
            _through_has(Activity.protected_areas.through, "activity_id", protectedarea__slug=value)
        )


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 instant, compared in UTC: PostgreSQL refuses offsets the
    standard allows (+17:44), and an instant at the edge of year 9999 has no
    UTC form at all (a 400, not a crash)."""

    def filter(self, queryset, value):
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except (OverflowError, ValueError):
                raise ValidationError(
                    {self.field_name: [_("This time is out of range.")]}
                ) from None
        return super().filter(queryset, value)


class MeetingFilter(StrictFilterSet):
    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices)
    group = filters.CharFilter(field_name="group__slug")
    starts_after = UTCDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    starts_before = UTCDateTimeFilter(field_name="starts_at", lookup_expr="lte")
    upcoming = filters.BooleanFilter(method="only_upcoming", help_text="Not over yet.")

    class Meta:
        model = Meeting
        fields = []

    def only_upcoming(self, queryset, name, value):
        from django.utils import timezone

        now = timezone.now()
        return queryset.filter(ends_at__gt=now) if value else queryset.filter(ends_at__lte=now)


class ArticleFilter(StrictFilterSet):
    centre = filters.CharFilter(field_name="author_centre__slug")
    country = filters.CharFilter(method="in_country")
    topic = filters.CharFilter(method="on_topic")

    class Meta:
        model = Article
        fields = []

    def in_country(self, queryset, name, value):
        return queryset.filter(
            _through_has(Article.countries.through, "article_id", country__code=value)
        )

    def on_topic(self, queryset, name, value):
        return queryset.filter(
            _through_has(Article.topics.through, "article_id", topic__slug=value)
        )


class DocumentFilter(StrictFilterSet):
    access = filters.ChoiceFilter(choices=Document.Access.choices)
    language = filters.CharFilter()
    group = filters.CharFilter(field_name="group__slug")

    class Meta:
        model = Document
        fields = []


# Years a date can hold: anything else is a 400, not a crash in the query.
YEAR_RANGE = {"min_value": 1, "max_value": 9999}


@extend_schema_field(
    {"type": "integer", "minimum": YEAR_RANGE["min_value"], "maximum": YEAR_RANGE["max_value"]}
)
class YearFilter(filters.NumberFilter):
    """A whole year, 1 to 9999 (a decimal or one outside the range is a 400)."""

    field_class = forms.IntegerField


class PopulationEstimateFilter(StrictFilterSet):
    species = filters.CharFilter()
    country = filters.CharFilter(field_name="country__code")
    protected_area = filters.CharFilter(field_name="protected_area__slug")
    year_from = YearFilter(field_name="year", lookup_expr="gte", **YEAR_RANGE)
    year_to = YearFilter(field_name="year", lookup_expr="lte", **YEAR_RANGE)

    class Meta:
        model = PopulationEstimate
        fields = []


class PatrolSummaryFilter(StrictFilterSet):
    country = filters.CharFilter(field_name="protected_area__country__code")
    protected_area = filters.CharFilter(field_name="protected_area__slug")
    year_from = YearFilter(field_name="period_end__year", lookup_expr="gte", **YEAR_RANGE)
    year_to = YearFilter(field_name="period_end__year", lookup_expr="lte", **YEAR_RANGE)

    class Meta:
        model = PatrolSummary
        fields = []
