"""The digest's sections, one per app, in the order the mail shows them.

A section is a title and a `collect(batch)` that answers, for a whole batch
of recipients at once, {user_id: [DigestItem, ...]} (newest or most urgent
first). A section asks a fixed number of queries whatever the batch size: it
loads every candidate row for the batch and sorts them out per user in
Python; facts several sections need (each user's organisations and
countries) are asked once per batch (`Batch`). What a recipient may see is
asked of the owning app's rule, never rewritten here (the groups section asks
`documents.rules.audience` of each new document and the meetings' audience of
each new meeting).

To add a section: write its `collect` in a module here, add it to SECTIONS
and a block to `templates/notifications/email/digest.{txt,html}`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Section:
    key: str  # the name templates read the items by (`digest.<key>`)
    title: Callable[[], str]
    collect: Callable[[Batch], dict[int, list]]


class Batch:
    """The recipients of one run and the window each of them is owed."""

    def __init__(self, users, *, since: dict[int, datetime.datetime], now: datetime.datetime):
        self.users = list(users)
        self.user_ids = [user.pk for user in self.users]
        self.since = since
        self.now = now
        self.earliest = min(since[pk] for pk in self.user_ids) if self.users else now
        self.today = timezone.localdate(now)

    def is_new_for(self, user_id: int, when) -> bool:
        return when > self.since[user_id]

    @cached_property
    def alert_choices(self) -> dict[int, dict[str, str]]:
        """{user_id: {alert kind: delivery}} (1 query)."""
        from notifications.services import alert_choices_by_user

        return alert_choices_by_user(self.user_ids)

    def wants_in_digest(self, user_id: int, alert_kind: str) -> bool:
        """Whether the member chose the digest for this kind of notice ("at
        once" was mailed already and "off" means off: neither is repeated)."""
        return self.alert_choices[user_id][alert_kind] == "digest"

    @cached_property
    def affiliations(self) -> tuple[dict[int, set], dict[int, set]]:
        """({user_id: organisation ids}, {user_id: country ids}) (1 query)."""
        from stakeholders.models import Person

        organisations_of, countries_of = defaultdict(set), defaultdict(set)
        for user_id, organisation_id, country_id in Person.objects.filter(
            user_id__in=self.user_ids
        ).values_list("user_id", "organisation_id", "organisation__country_id"):
            organisations_of[user_id].add(organisation_id)
            countries_of[user_id].add(country_id)
        return organisations_of, countries_of


# The registry, in the order of the mail (the modules import their models
# only when they collect).
from . import activities, committee, groups, meetings, news, notices  # noqa: E402

SECTIONS: list[Section] = [
    Section("action_items", lambda: _("Your open action items"), meetings.collect),
    Section("reviews", lambda: _("Awaiting your review"), committee.collect),
    Section("notices", lambda: _("For your attention"), notices.collect),
    Section("group_changes", lambda: _("In your working groups"), groups.collect),
    Section("activities", lambda: _("Activities in your countries"), activities.collect),
    Section("news", lambda: _("News"), news.collect),
]
