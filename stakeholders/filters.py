"""Directory filters (django-filter): they combine and live in the address."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import LocalisedModelChoiceFilter

from .models import Country, Organisation, Role, StakeholderType


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    country = LocalisedModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    type = LocalisedModelChoiceFilter(
        label=_("Stakeholder type"),
        field_name="stakeholder_type",
        queryset=StakeholderType.objects.all(),
        to_field_name="slug",
        empty_label=_("All types"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "country", "type"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(description__icontains=value)
        )


def _active_on_today():
    from django.utils import timezone

    today = timezone.localdate()
    return Q(role_assignments__starts_on__lte=today) & (
        Q(role_assignments__ends_on__isnull=True) | Q(role_assignments__ends_on__gt=today)
    )


class PeopleFilter(django_filters.FilterSet):
    """Filters of the people list and its exports (they combine and live in
    the address). A person matches a country or a stakeholder type through an
    organisation they work for or the scope of one of their roles."""

    q = django_filters.CharFilter(
        label=_("Name, email or organisation"), method="search", max_length=100
    )
    country = LocalisedModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
        method="in_country",
    )
    type = LocalisedModelChoiceFilter(
        label=_("Stakeholder type"),
        queryset=StakeholderType.objects.all(),
        to_field_name="slug",
        empty_label=_("All types"),
        method="of_type",
    )
    role = django_filters.ChoiceFilter(
        label=_("Role in force"),
        choices=Role.choices,
        empty_label=_("Any role or none"),
        method="holding",
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "country", "type", "role"]

    @staticmethod
    def _matching(queryset, condition):
        return queryset.filter(pk__in=get_user_model().objects.filter(condition).values("pk"))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return self._matching(
            queryset,
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(affiliations__full_name__icontains=value)
            | Q(affiliations__organisation__name__icontains=value)
            | Q(affiliations__organisation__acronym__icontains=value),
        )

    def in_country(self, queryset, name, value):
        return self._matching(
            queryset,
            Q(affiliations__organisation__country=value) | Q(role_assignments__country=value),
        )

    def of_type(self, queryset, name, value):
        return self._matching(
            queryset,
            Q(affiliations__organisation__stakeholder_type=value)
            | Q(role_assignments__stakeholder_type=value),
        )

    def holding(self, queryset, name, value):
        return self._matching(queryset, _active_on_today() & Q(role_assignments__role=value))
