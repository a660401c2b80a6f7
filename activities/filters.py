"""Activity filters (django-filter), shared by the list, the map, its data and
the exports: they combine and live in the address, so a filtered view can be
bookmarked and shared. An unknown value is a form error, never a 500."""

import django_filters
from django.db.models import Max, Min, Q
from django.utils.translation import gettext_lazy as _

from common.forms import LocalisedModelChoiceFilter
from common.vocabulary import ActionArea
from stakeholders.models import Country
from workinggroups.models import WorkingGroup

from .models import Activity, ProtectedArea


def years_of(activities) -> list[tuple[int, str]]:
    """The years the activities run in, newest first (one query, when asked)."""
    span = activities.order_by().aggregate(first=Min("starts_on__year"), last=Max("ends_on__year"))
    if span["first"] is None:
        return []
    return [(year, str(year)) for year in range(span["last"], span["first"] - 1, -1)]


class ActivityFilter(django_filters.FilterSet):
    country = LocalisedModelChoiceFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="code",
        empty_label=_("All countries"),
    )
    action_area = django_filters.ChoiceFilter(
        label=_("Action area"),
        choices=ActionArea.choices,
        empty_label=_("All action areas"),
    )
    cooperation = django_filters.ChoiceFilter(
        label=_("Cooperation level"),
        choices=Activity.Cooperation.choices,
        empty_label=_("All levels"),
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        field_name="kind",
        choices=Activity.Kind.choices,
        empty_label=_("All types"),
    )
    group = LocalisedModelChoiceFilter(
        label=_("Working group"),
        queryset=WorkingGroup.objects.all(),
        to_field_name="slug",
        empty_label=_("All groups"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Activity.Status.choices,
        empty_label=_("Any status"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"),
        method="running_in",
        empty_label=_("Any year"),
        # the choices are the years the visible activities span (set in __init__)
        choices=[],
    )
    protected_area = LocalisedModelChoiceFilter(
        label=_("Protected area"),
        field_name="protected_areas",
        queryset=ProtectedArea.objects.all(),
        to_field_name="slug",
        empty_label=_("All protected areas"),
    )

    class Meta:
        model = Activity
        fields = [
            "country",
            "action_area",
            "cooperation",
            "type",
            "group",
            "status",
            "year",
            "protected_area",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = self.queryset
        # a plain function (forms deep-copy their fields; a bound method would
        # drag the whole filter set, request and all, along)
        self.filters["year"].extra["choices"] = lambda: years_of(queryset)

    def running_in(self, queryset, name, value):
        """Activities running at some time during the year."""
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(Q(starts_on__year__lte=year) & Q(ends_on__year__gte=year))

    @property
    def active(self) -> bool:
        """Whether any filter is set (for "Clear the filters")."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)
