"""Addresses of meetings and events (../shared/product.md: keep them stable)."""

from django.urls import path, re_path

from . import views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/new/", views.meeting_new, name="new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/rsvp/", views.meeting_rsvp, name="rsvp"),
    path("meetings/<int:pk>/invite/", views.meeting_invite, name="invite"),
    path(
        "meetings/<int:pk>/guests/<int:guest_pk>/withdraw/",
        views.guest_withdraw,
        name="guest_withdraw",
    ),
    # A guest's personal answer link (no account: the signed token is the key).
    path("meetings/guest/<str:token>/", views.guest_answer, name="guest_answer"),
    path("meetings/guest/<str:token>/meeting.ics", views.guest_calendar, name="guest_calendar"),
    path("meetings/<int:pk>/agenda/", views.agenda, name="agenda"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        views.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/move/",
        views.agenda_item_move,
        name="agenda_item_move",
    ),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/action-items/", views.action_item_add, name="action_item_add"),
    path("meetings/<int:pk>/documents/", views.document_attach, name="document_attach"),
    path(
        "meetings/<int:pk>/documents/<int:document_pk>/remove/",
        views.document_detach,
        name="document_detach",
    ),
    path("action-items/<int:pk>/close/", views.action_item_close, name="action_item_close"),
    path("events/", views.event_list, name="events"),
    path("events/calendar.ics", views.events_ics, name="events_ics"),
    path("calendar/", views.calendar_feed, name="calendar"),
    path("calendar/rotate/", views.calendar_feed_rotate, name="calendar_rotate"),
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$",
        views.personal_feed,
        name="personal_feed",
    ),
]
