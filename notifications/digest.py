"""The digest: what each member should hear about since their last one.

`build_digests(users, since=..., now=...)` builds the content for a whole
batch of users with a fixed number of queries (one or a few per section, not
per user). The sections are the apps' (notifications/digest_sections/, one
module per app, registered in order in SECTIONS there): news; changes in the
user's working groups (work plans, decisions on them, meetings, documents the
user may open); activities in the countries of the user's organisations; open
action items; what awaits the user's decision. Each object's item (its link
reversed, made absolute) is built once per batch and shared by every member
it concerns, not once per member.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import NotificationPreference

ITEMS_PER_SECTION = 10


@dataclass
class DigestItem:
    title: str
    url: str
    when: datetime.datetime | datetime.date | None = None
    label: str = ""
    overdue: bool = False


@dataclass
class DigestContent:
    since: datetime.datetime
    news: list[DigestItem] = field(default_factory=list)
    group_changes: list[DigestItem] = field(default_factory=list)
    activities: list[DigestItem] = field(default_factory=list)
    action_items: list[DigestItem] = field(default_factory=list)
    reviews: list[DigestItem] = field(default_factory=list)
    notices: list[DigestItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.news
            or self.group_changes
            or self.activities
            or self.action_items
            or self.reviews
            or self.notices
        )


def subject():
    return _("Your Partnership Portal digest")


def period_length(preference: NotificationPreference) -> datetime.timedelta:
    if preference.digest_frequency == NotificationPreference.Frequency.DAILY:
        return datetime.timedelta(days=1)
    return datetime.timedelta(days=7)


def period_key(preference: NotificationPreference, local: datetime.datetime) -> str:
    if preference.digest_frequency == NotificationPreference.Frequency.DAILY:
        return local.date().isoformat()
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def due_period_key(user, preference: NotificationPreference, now: datetime.datetime) -> str | None:
    """The period whose digest is due for this user now, or None: daily
    digests from the digest hour of each local day, weekly ones from the
    digest hour of the local Monday (later that week if missed)."""
    frequency = preference.digest_frequency
    if frequency == NotificationPreference.Frequency.OFF or not preference.email_digest:
        return None
    local = now.astimezone(user.zoneinfo)
    if frequency == NotificationPreference.Frequency.DAILY:
        if local.hour < preference.digest_hour:
            return None
    elif local.weekday() == 0 and local.hour < preference.digest_hour:
        return None
    return period_key(preference, local)


def _absolute(url: str) -> str:
    from .services import absolute_url

    return absolute_url(url)


def build_digests(users, *, since: dict[int, datetime.datetime], now: datetime.datetime):
    """{user_id: DigestContent} for a batch of users, in a fixed number of
    queries whatever the batch size (each section's, digest_sections/)."""
    from .digest_sections import SECTIONS, Batch

    batch = Batch(users, since=since, now=now)
    contents = {user.pk: DigestContent(since=since[user.pk]) for user in batch.users}
    if not batch.users:
        return contents
    for section in SECTIONS:
        rows = section.collect(batch)
        for user_id, content in contents.items():
            setattr(content, section.key, rows.get(user_id, [])[:ITEMS_PER_SECTION])
    return contents
