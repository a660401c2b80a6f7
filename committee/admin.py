from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ServiceAdminMixin

from . import services
from .models import CommitteeSeat, ReviewDecision, ReviewRequest


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
    readonly_fields = ["reviewer", "outcome", "comment", "decided_at", "is_public"]
    can_delete = False


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "group", "status", "submitted_at"]
    list_filter = ["status", "kind", "group"]
    readonly_fields = ["content_type", "object_id", "kind", "submitted_by", "submitted_at"]
    inlines = [DecisionInline]
