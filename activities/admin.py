"""The secretariat's admin for protected areas, indicator types, activities,
reports and information centres.

The secretariat adds indicator types and protected areas here. Activities and
reports are proposed, moved along and decided through the site (the services
record every transition and put submissions in the committee's queue), so
their status is read-only here, and the transitions are a read-only history.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import RichTextAdminMixin, field_translation_inline

from .models import (
    Activity,
    CrossBorderPair,
    Indicator,
    IndicatorType,
    InformationCentre,
    ProtectedArea,
    Report,
    ReportPhoto,
    Transition,
)


@admin.register(ProtectedArea)
class ProtectedAreaAdmin(RichTextAdminMixin, admin.ModelAdmin):
    rich_text_fields = ("description",)
    list_display = ["name", "country", "designation", "area_ha", "established", "administration"]
    list_filter = ["country", "designation"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["country", "administration"]
    autocomplete_fields = ["administration"]
    inlines = [field_translation_inline("activities.protectedarea")]


@admin.register(CrossBorderPair)
class CrossBorderPairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first", "second"]
    list_select_related = ["first", "second"]


@admin.register(IndicatorType)
class IndicatorTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "slug", "sort_order"]
    list_editable = ["sort_order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    inlines = [field_translation_inline("activities.indicatortype")]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["indicator_type", "planned", "achieved"]


class TransitionInline(admin.TabularInline):
    """Who moved the activity (or its report) along, and when: never edited."""

    model = Transition
    extra = 0
    can_delete = False
    fields = ["subject", "from_status", "to_status", "by", "at", "comment"]
    readonly_fields = fields
    ordering = ["at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "lead_organisation", "starts_on", "ends_on"]
    list_filter = ["status", "kind", "action_area", "cooperation", "countries", "group"]
    search_fields = ["title", "description"]
    list_select_related = ["lead_organisation"]
    date_hierarchy = "starts_on"
    readonly_fields = ["status", "proposed_by", "created_at", "updated_at"]
    filter_horizontal = ["countries", "organisations", "protected_areas"]
    autocomplete_fields = ["lead_organisation"]
    inlines = [IndicatorInline, TransitionInline, field_translation_inline("activities.activity")]
    fieldsets = [
        (None, {"fields": ["title", "description", "kind", "action_area", "cooperation"]}),
        (
            _("Who"),
            {"fields": ["lead_organisation", "organisations", "group", "proposed_by"]},
        ),
        (
            _("Where"),
            {
                "fields": [
                    "countries",
                    "protected_areas",
                    "latitude",
                    "longitude",
                    "location_sensitive",
                ]
            },
        ),
        (_("When"), {"fields": ["starts_on", "ends_on"]}),
        (_("Lifecycle"), {"fields": ["status", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        return False  # proposed through the site, which sends it to the committee


class ReportPhotoInline(admin.TabularInline):
    model = ReportPhoto
    extra = 0
    fields = ["image", "alt_text", "caption", "uploaded_at"]
    readonly_fields = ["uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # added through the report page, which checks the image


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["activity", "status", "submitted_at", "submitted_by"]
    list_filter = ["status"]
    search_fields = ["activity__title", "narrative"]
    list_select_related = ["activity", "submitted_by"]
    readonly_fields = ["activity", "status", "submitted_at", "submitted_by", "updated_at"]
    filter_horizontal = ["evidence"]
    inlines = [ReportPhotoInline]

    def has_add_permission(self, request):
        return False  # written on the site once the activity is completed


@admin.register(InformationCentre)
class InformationCentreAdmin(RichTextAdminMixin, admin.ModelAdmin):
    rich_text_fields = ("description",)
    list_display = ["name", "host", "country", "email"]
    list_filter = ["country"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["host", "country"]
    autocomplete_fields = ["host"]
    inlines = [field_translation_inline("activities.informationcentre")]
