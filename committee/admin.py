from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin

from . import services
from .models import (
    CommitteeSeat,
    DecisionRule,
    Position,
    Procedure,
    ReviewComment,
    ReviewDecision,
    ReviewRequest,
)


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["holder", "stakeholder_type", "country", "term_start", "term_end"]
    list_filter = ["country", "stakeholder_type"]
    raw_id_fields = ["holder"]
    list_select_related = ["holder__organisation", "country", "stakeholder_type"]

    def save_model(self, request, obj, form, change):
        """New seats and new term ends go through the services, so the
        holder's committee role starts and ends with the term."""
        if not change:
            seat = self.refuse_unless(
                services.seat_assign,
                holder=obj.holder,
                stakeholder_type=obj.stakeholder_type,
                country=obj.country,
                term_start=obj.term_start,
                term_end=obj.term_end,
                note=obj.note,
                by=request.user,
            )
            obj.pk = seat.pk
            obj.role_assignment = seat.role_assignment
            return
        super().save_model(request, obj, form, change)
        if "term_end" in form.changed_data:
            self.refuse_unless(services.seat_end, seat=obj, on=obj.term_end, by=request.user)


class DecisionInline(admin.TabularInline):
    model = ReviewDecision
    extra = 0
    readonly_fields = [
        "reviewer",
        "outcome",
        "method",
        "minutes_url",
        "tally",
        "comment",
        "decided_at",
        "is_public",
    ]
    fields = readonly_fields
    can_delete = False


class PositionInline(admin.TabularInline):
    """Positions are taken on the review page (one per seat, by its holder)."""

    model = Position
    extra = 0
    fields = readonly_fields = ["seat", "author", "stance", "comment", "updated_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ProcedureInline(admin.TabularInline):
    """Opened on the review page, closed by the beat task."""

    model = Procedure
    extra = 0
    fields = readonly_fields = [
        "opened_by",
        "opened_at",
        "deadline",
        "state",
        "outcome",
        "rule",
        "tally",
        "closed_at",
    ]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0
    fields = readonly_fields = ["author", "body", "to_submitter", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "group", "status", "submitted_at"]
    list_filter = ["status", "kind", "group"]
    readonly_fields = ["content_type", "object_id", "kind", "submitted_by", "submitted_at"]
    inlines = [ProcedureInline, PositionInline, CommentInline, DecisionInline]


@admin.register(DecisionRule)
class DecisionRuleAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """The one decision rule (also on /committee/decision-rule/), saved
    through the service."""

    list_display = ["method", "quorum_percent", "publish_positions", "chair", "updated_at"]
    raw_id_fields = ["chair"]

    def has_add_permission(self, request):
        return not DecisionRule.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        rule = self.refuse_unless(
            services.decision_rule_set,
            by=request.user,
            **{name: form.cleaned_data[name] for name in form.changed_data},
        )
        obj.pk = rule.pk
