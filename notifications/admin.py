from django.contrib import admin

from .models import (
    AlertPreference,
    DigestDelivery,
    MeetingMailDelivery,
    Notification,
    NotificationPreference,
    ReminderDelivery,
)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest_frequency", "digest_hour", "email_digest", "email_reminders"]
    list_filter = ["digest_frequency", "email_digest", "email_reminders", "email_meeting_updates"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A log the tasks write: the secretariat reads it to answer "did my
    reminder go out?"; editing a row would only make it lie. Rows may be
    deleted, so that deleting a meeting or a user is never blocked by them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DeliveryAdmin(ReadOnlyAdmin):
    list_filter = ["state"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["claimed_at", "sent_at", "attempts", "note"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(DeliveryAdmin):
    list_display = ["meeting", "user", "offset_minutes", "state", "sent_at", "attempts"]
    raw_id_fields = ["user", "meeting"]


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(DeliveryAdmin):
    list_display = ["user", "period_key", "state", "sent_at", "attempts"]


@admin.register(MeetingMailDelivery)
class MeetingMailDeliveryAdmin(DeliveryAdmin):
    list_display = ["meeting", "user", "kind", "sequence", "state", "sent_at"]
    raw_id_fields = ["user", "meeting"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "title", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["user__email", "title"]
    raw_id_fields = ["user"]
