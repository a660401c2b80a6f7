"""Meetings of the committee and the working groups, and public events:
agendas, RSVPs, minutes with action items, and calendar feeds.

A concern of its own because meetings belong to the committee, to groups or
to the public, and carry their own feeds, reminders and time-zone rules."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and events")

    def ready(self):
        from . import listeners, rules, signals  # noqa: F401  (events, rules, cache invalidation)
