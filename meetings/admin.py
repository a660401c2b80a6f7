from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionItem, AgendaItem, Invitation, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["user", "substitute"]
    readonly_fields = ["responded_at"]


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["assignee_user", "assignee_organisation", "closed_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """For overview and repairs: scheduling and changes go through the site's
    forms, which bump the calendar SEQUENCE and send the right invitations."""

    list_display = ["title", "kind", "group", "starts_at", "time_zone", "status"]
    list_filter = ["kind", "status", "group"]
    search_fields = ["title", "venue"]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaInline, InvitationInline, ActionItemInline]
