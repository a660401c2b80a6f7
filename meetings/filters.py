"""Filters for meeting lists (django-filter): they combine and live in the address."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import LocalisedModelChoiceFilter
from workinggroups.models import WorkingGroup

from .models import Meeting

UPCOMING, PAST = "upcoming", "past"


def in_order(queryset, when):
    """Upcoming meetings soonest first; past ones latest first."""
    now = timezone.now()
    if when == PAST:
        return queryset.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return queryset.filter(ends_at__gt=now).order_by("starts_at", "pk")


class EventFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[(UPCOMING, _("Upcoming")), (PAST, _("Past"))],
        method="filter_when",
        empty_label=None,
    )

    class Meta:
        model = Meeting
        fields = ["when"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        if not data.get("when"):
            data["when"] = UPCOMING
        super().__init__(data, *args, **kwargs)

    def filter_when(self, queryset, name, value):
        return in_order(queryset, value)


class MeetingFilter(EventFilter):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("All kinds")
    )
    group = LocalisedModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All groups"),
    )

    class Meta:
        model = Meeting
        fields = ["when", "kind", "group"]
