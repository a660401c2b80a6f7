"""Admin for monitoring records and imports, scoped by centre: a user sees and
changes the records of the centres they publish for (the secretariat: all),
asked through the same rules as the site (`monitoring/rules.py`). A record
edited here is checked as an import row and an API write are
(`imports.check_record`), and saved and deleted by the same services as the
API's writes (`services.record_create` / `record_update` / `record_delete`)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ServiceAdminMixin

from . import imports, services
from .models import ImportJob, PatrolSummary, PopulationEstimate
from .selectors import centres_published_by, stuck_imports
from .services import RECORD_KINDS


class RecordAdminForm(forms.ModelForm):
    """Checks the record with the one validation of a record, the import's row
    checks (known area in the country, low ≤ estimate ≤ high, period order,
    duplicates of stored records...), each message under its field."""

    kind: str  # ImportJob.Kind of the records

    def clean(self):
        data = super().clean()
        # A field that failed its own validation has said why: its cell is
        # left empty and the row checks' messages about it are dropped.
        values = {name: value for name, value in data.items() if name not in self.errors}
        _record, errors = imports.check_record(
            self.kind, imports.value_cells(self.kind, values), exclude_pk=self.instance.pk
        )
        self.row_errors = {
            column: messages for column, messages in errors.items() if column not in self.errors
        }
        for column, messages in self.row_errors.items():
            self.add_error(column if column in self.fields else None, messages)
        return data

    def _post_clean(self):
        # The model's own checks are a subset of the row checks (which ask
        # the model's rule_errors): after a refusal they would only repeat
        # it, judged against half-updated values (a field in error keeps its
        # stored value).
        if getattr(self, "row_errors", None):
            return
        super()._post_clean()


class PopulationEstimateAdminForm(RecordAdminForm):
    kind = ImportJob.Kind.POPULATION

    class Meta:
        model = PopulationEstimate
        fields = ["centre", *(c.name for c in imports.COLUMNS[ImportJob.Kind.POPULATION])]


class PatrolSummaryAdminForm(RecordAdminForm):
    kind = ImportJob.Kind.PATROL

    class Meta:
        model = PatrolSummary
        fields = ["centre", *(c.name for c in imports.COLUMNS[ImportJob.Kind.PATROL])]


class CentreScopedAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_select_related = ["centre"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        from common.authz import roles_of

        if request.user.is_superuser or roles_of(request.user).is_secretariat:
            return queryset
        return queryset.filter(centre__in=[c.pk for c in centres_published_by(request.user)])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "centre":
            from activities.models import InformationCentre

            kwargs["queryset"] = InformationCentre.objects.filter(
                pk__in=[c.pk for c in centres_published_by(request.user)]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _perm(self, request, action, obj):
        return request.user.has_perm(f"monitoring.{action}_{self.opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        return self._perm(request, "view", obj) or self._perm(request, "change", obj)

    def has_add_permission(self, request):
        return self._perm(request, "add", None)

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._perm(request, "delete", obj)

    # Saved and deleted through the services, as on the site and in the API:
    # the same row checks, rights, page-cache retirement. A record someone
    # stored between the form's check and the save is the service's refusal,
    # shown on the form again with what was typed kept.

    def save_model(self, request, obj, form, change):
        kind = RECORD_KINDS[type(obj)]
        values = imports.value_cells(
            kind,
            {column.name: form.cleaned_data.get(column.name) for column in imports.COLUMNS[kind]},
        )
        centre = form.cleaned_data.get("centre")
        if change:
            # the stored record: moving it to another centre is checked as such
            stored = type(obj).objects.get(pk=obj.pk)
            self.refuse_unless(
                services.record_update,
                user=request.user,
                record=stored,
                values=values,
                centre=centre,
            )
        else:
            self.refuse_unless(
                services.record_create, user=request.user, record=obj, values=values, centre=centre
            )

    def delete_model(self, request, obj):
        services.record_delete(user=request.user, record=obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            services.record_delete(user=request.user, record=record)


@admin.register(PopulationEstimate)
class PopulationEstimateAdmin(CentreScopedAdmin):
    form = PopulationEstimateAdminForm
    list_display = [
        "species",
        "country",
        "protected_area",
        "region",
        "year",
        "estimate",
        "method",
        "centre",
        "embargo_until",
        "location_sensitive",
    ]
    list_filter = ["species", "country", "method", "centre", "location_sensitive"]
    list_select_related = ["centre", "country", "protected_area"]
    search_fields = ["source", "region", "protected_area__name"]
    autocomplete_fields = ["protected_area"]
    readonly_fields = ["import_job", "created_by", "created_at", "updated_at"]


@admin.register(PatrolSummary)
class PatrolSummaryAdmin(CentreScopedAdmin):
    form = PatrolSummaryAdminForm
    list_display = [
        "protected_area",
        "period_start",
        "period_end",
        "patrol_days",
        "km_patrolled",
        "snares_removed",
        "centre",
        "embargo_until",
    ]
    list_filter = ["centre", "protected_area__country", "location_sensitive"]
    list_select_related = ["centre", "protected_area"]
    search_fields = ["source", "protected_area__name"]
    autocomplete_fields = ["protected_area"]
    readonly_fields = ["import_job", "created_by", "created_at", "updated_at"]


class ImportAttentionFilter(admin.SimpleListFilter):
    """Imports the secretariat should look at: stuck (no worker progress) or failed."""

    title = _("needs attention")
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("stuck", _("Stuck: no progress")), ("failed", _("Failed or refused"))]

    def queryset(self, request, queryset):
        if self.value() == "stuck":
            return stuck_imports(queryset)
        if self.value() == "failed":
            return queryset.filter(status__in=[ImportJob.Status.FAILED, ImportJob.Status.REFUSED])
        return queryset


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Read-only: imports are made on the site, where rows are checked."""

    list_display = [
        "original_name",
        "kind",
        "file_format",
        "centre",
        "status",
        "stuck",
        "total",
        "imported",
        "created_by",
        "created_at",
        "heartbeat_at",
    ]
    list_filter = [ImportAttentionFilter, "status", "kind", "file_format", "centre"]
    list_select_related = ["centre", "created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def get_queryset(self, request):
        from common.authz import roles_of

        queryset = super().get_queryset(request)
        if request.user.is_superuser or roles_of(request.user).is_secretariat:
            return queryset
        return queryset.filter(centre__in=[c.pk for c in centres_published_by(request.user)])

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("monitoring.view_importjob", obj)

    @admin.display(boolean=True, description=_("stuck"))
    def stuck(self, obj):
        return obj.looks_stuck

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
