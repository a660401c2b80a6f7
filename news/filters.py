"""News list filters (django-filter): they combine and live in the address."""

import django_filters
from django.utils.translation import gettext_lazy as _

from activities.models import InformationCentre
from common.forms import LocalisedModelChoiceFilter
from stakeholders.models import Country

from .models import Article, Topic


class NewsFilter(django_filters.FilterSet):
    centre = LocalisedModelChoiceFilter(
        label=_("Information centre"),
        field_name="author_centre",
        queryset=InformationCentre.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All centres"),
    )
    country = LocalisedModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("All topics"),
    )

    class Meta:
        model = Article
        fields = ["centre", "country", "topic"]
