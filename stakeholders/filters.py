"""Directory filters (django-filter): they combine and live in the address."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Country, Organisation, StakeholderType


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    type = django_filters.ModelChoiceFilter(
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
