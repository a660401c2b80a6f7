from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import ActionItem, AgendaItem, GuestInvitation, Invitation, Meeting


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    raw_id_fields = ["user", "substitute"]
    readonly_fields = ["responded_at"]


class GuestInline(admin.TabularInline):
    """Guests are invited through the meeting page (which sends the mail)."""

    model = GuestInvitation
    extra = 0
    fields = ["email", "name", "organisation_name", "language", "response", "substitute_for"]
    readonly_fields = ["response", "substitute_for"]

    def has_add_permission(self, request, obj=None):
        return False


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["assignee_user", "assignee_organisation", "assignee_guest", "closed_by"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    """For overview and repairs. Scheduling goes through the site's forms,
    which invite the audience; a repair of time, place, title or status here
    still raises the calendar SEQUENCE and tells the invitees."""

    list_display = ["title", "kind", "group", "starts_at", "time_zone", "status"]
    list_filter = ["kind", "status", "group"]
    search_fields = ["title", "venue"]
    readonly_fields = ["uid", "sequence"]
    inlines = [AgendaInline, InvitationInline, GuestInline, ActionItemInline]

    # The rules answer about one meeting; the list and the add form are the
    # secretariat's, whose admin this is.
    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return request.user.has_perm("meetings.view_meeting", obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return request.user.has_perm("meetings.change_meeting", obj)

    def save_model(self, request, obj, form, change):
        if change:
            services.meeting_save_from_admin(meeting=obj, changed=form.changed_data)
        else:
            super().save_model(request, obj, form, change)
