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
        from committee.registry import register_page_section
        from workinggroups.sections import register

        from . import listeners, rules, selectors, signals  # noqa: F401  (events, rules, caches)

        register_page_section("meetings", selectors.upcoming_committee_meetings)
        register(
            "meetings",
            lambda user, group, *, can_see_private: selectors.upcoming_meetings_for_group(
                user, group
            ),
        )
        register(
            "action_items",
            lambda user, group, *, can_see_private: (
                selectors.open_action_items_for_group(group) if can_see_private else []
            ),
        )
