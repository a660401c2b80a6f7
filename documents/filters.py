"""Library filters (django-filter): they combine and live in the address."""

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import LocalisedModelChoiceFilter
from workinggroups.models import WorkingGroup

from .models import Document


def _languages():
    return settings.DOCUMENT_LANGUAGES


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=_languages, empty_label=_("All languages")
    )
    access = django_filters.ChoiceFilter(
        label=_("Who may see it"),
        choices=Document.Access.choices,
        empty_label=_("All access levels"),
    )
    group = LocalisedModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All groups"),
    )

    class Meta:
        model = Document
        fields = ["q", "language", "access", "group"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
