"""The secretariat's admin for members, applications and roles.

Every change goes through the same services as the web pages; histories (who,
when, what changed) are readable from each object's "History" page.
"""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin, field_translation_inline

from . import services
from .forms import OrganisationChecksMixin
from .models import (
    ApplicationRound,
    Country,
    MembershipApplication,
    Organisation,
    Person,
    RoleAssignment,
    StakeholderType,
)
from .views import csv_response, write_directory_csv


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "default_time_zone", "sort_order"]
    list_editable = ["sort_order"]
    inlines = [field_translation_inline("stakeholders.country")]


@admin.register(StakeholderType)
class StakeholderTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sort_order"]
    list_editable = ["sort_order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [field_translation_inline("stakeholders.stakeholdertype")]


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    fields = ["full_name", "email", "position", "user", "is_focal_point", "is_representative"]
    raw_id_fields = ["user"]


class OrganisationAdminForm(OrganisationChecksMixin, forms.ModelForm):
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
            "logo",
            "status",
            "joined_on",
        ]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "acronym", "country", "stakeholder_type", "status", "joined_on"]
    list_filter = ["status", "country", "stakeholder_type"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["country", "stakeholder_type"]
    inlines = [PersonInline, field_translation_inline("stakeholders.organisation")]
    actions = ["export_csv"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Person:
            return
        for person in formset.queryset.model.objects.filter(organisation=form.instance):
            services.person_sync_grants(person=person)

    @admin.action(description=_("Export selected organisations as CSV"))
    def export_csv(self, request, queryset):
        response = csv_response(f"organisations-{timezone.localdate().isoformat()}.csv")
        write_directory_csv(queryset.select_related("country", "stakeholder_type"), response)
        return response


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "position", "is_focal_point", "is_representative"]
    list_filter = [
        "is_focal_point",
        "is_representative",
        "organisation__country",
        "organisation__stakeholder_type",
    ]
    search_fields = ["full_name", "email", "organisation__name"]
    raw_id_fields = ["user", "organisation"]
    list_select_related = ["organisation"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.person_sync_grants(person=obj)


class RejectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to every applicant)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
    )


class ApplicationRoundInline(admin.TabularInline):
    """The dialogue, read only: questions and answers go through the
    application's page (the services), which tells the people concerned."""

    model = ApplicationRound
    extra = 0
    can_delete = False
    fields = ["number", "question", "asked_by", "asked_at", "answer", "answered_at", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(SimpleHistoryAdmin):
    inlines = [ApplicationRoundInline]
    list_display = ["name", "applicant", "country", "stakeholder_type", "status", "submitted_at"]
    list_filter = ["status", "country", "stakeholder_type"]
    search_fields = ["name", "acronym", "applicant__email"]
    list_select_related = ["applicant", "country", "stakeholder_type"]
    readonly_fields = ["status", "decided_by", "decided_at", "applicant_notified_at"]
    raw_id_fields = ["applicant", "organisation"]
    actions = ["approve_selected", "reject_selected"]

    def _report(self, request, done, errors):
        if done:
            messages.success(
                request,
                ngettext("%(n)d application decided.", "%(n)d applications decided.", done)
                % {"n": done},
            )
        for error in errors:
            messages.error(request, error)

    @admin.action(description=_("Approve selected applications"))
    def approve_selected(self, request, queryset):
        done, errors = services.applications_decide_many(
            applications=list(queryset), decided_by=request.user, approve=True
        )
        self._report(request, done, errors)

    @admin.action(description=_("Reject selected applications (with a reason)"))
    def reject_selected(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done, errors = services.applications_decide_many(
                applications=list(queryset),
                decided_by=request.user,
                approve=False,
                reason=form.cleaned_data["reason"],
            )
            self._report(request, done, errors)
            return None
        return render(
            request,
            "admin/stakeholders/reject_applications.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject applications"),
                "applications": queryset,
                "form": form,
                "opts": self.model._meta,
                "action": "reject_selected",
            },
        )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Roles are given, changed, ended and removed by the services, as
    everywhere else: the same checks, a reason in the history, the user's
    cached rights dropped. What a service refuses is shown on the form."""

    list_display = ["user", "role", "country", "stakeholder_type", "starts_on", "ends_on"]
    list_filter = ["role", "country", "stakeholder_type"]
    search_fields = ["user__email", "user__full_name", "note"]
    raw_id_fields = ["user"]
    readonly_fields = ["assigned_by"]
    list_select_related = ["user", "country", "stakeholder_type"]

    def save_model(self, request, obj, form, change):
        data = {
            name: form.cleaned_data[name] for name in services.ROLE_FIELDS if name in form.fields
        }
        if not change:
            assignment = self.refuse_unless(
                services.role_assign,
                assigned_by=request.user,
                reason=gettext("Assigned in the admin"),
                **data,
            )
            # the admin's log entry and its redirect name the row the service made
            obj.__dict__.update(assignment.__dict__)
            return
        # against the stored row: the form's hidden initial values (for the
        # callable default of starts_on) are not always sent back
        stored = RoleAssignment.objects.get(pk=obj.pk)
        changed = [name for name in data if getattr(stored, name) != data[name]]
        if not changed:
            return
        if changed == ["ends_on"] and obj.ends_on is not None:
            self.refuse_unless(
                services.role_end,
                assignment=obj,
                on=obj.ends_on,
                reason=gettext("Ended in the admin"),
            )
        else:
            self.refuse_unless(
                services.role_update,
                assignment=obj,
                fields={name: data[name] for name in changed},
                reason=gettext("Changed in the admin"),
            )

    def delete_model(self, request, obj):
        services.role_delete(assignment=obj, reason=gettext("Deleted in the admin"))

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("user"):
            services.role_delete(assignment=assignment, reason=gettext("Deleted in the admin"))
