from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import RichTextAdminMixin, field_translation_inline
from common.vocabulary import ActionArea

from . import services
from .models import (
    GroupMembership,
    JoinRequest,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
    WorkPlanVersion,
)


class WorkingGroupForm(forms.ModelForm):
    action_areas = forms.MultipleChoiceField(
        choices=ActionArea.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = WorkingGroup
        fields = ["slug", "name", "mandate", "action_areas", "countries", "status"]


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    raw_id_fields = ["user", "organisation"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(RichTextAdminMixin, SimpleHistoryAdmin):
    rich_text_fields = ("mandate",)
    form = WorkingGroupForm
    list_display = ["name", "status"]
    list_filter = ["status", "countries"]
    search_fields = ["name", "mandate"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["countries"]
    inlines = [MembershipInline, field_translation_inline("workinggroups.workinggroup")]

    def save_formset(self, request, form, formset, change):
        """Memberships edited here get their object permissions re-derived."""
        if formset.model is not GroupMembership:
            return super().save_formset(request, form, formset, change)
        touched = {(m.user_id, m.group_id) for m in formset.queryset}
        super().save_formset(request, form, formset, change)
        touched |= {
            (m.user_id, m.group_id)
            for m in formset.queryset.model.objects.filter(group=form.instance)
        }
        for user_id, _group_id in touched:
            user = GroupMembership._meta.get_field("user").related_model.objects.get(pk=user_id)
            services.membership_sync_grants(user=user, group=form.instance)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "organisation", "status", "requested_at"]
    list_filter = ["status", "group"]


class ItemInline(admin.TabularInline):
    model = WorkPlanItem
    extra = 0


@admin.register(WorkPlanVersion)
class WorkPlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "status", "submitted_at"]
    list_filter = ["status", "plan__group"]
    readonly_fields = ["plan", "number", "status", "submitted_at", "submitted_by"]
    inlines = [ItemInline, field_translation_inline("workinggroups.workplanversion")]


@admin.register(WorkPlan)
class WorkPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "period_start", "period_end"]
    list_filter = ["group"]
    inlines = [field_translation_inline("workinggroups.workplan")]
