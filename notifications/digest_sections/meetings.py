"""Digest section of the meetings app: the open action items assigned to the
recipient or to one of their organisations, overdue first."""

from __future__ import annotations

from django.db.models import Q

from notifications import digest


def collect(batch) -> dict[int, list]:
    """1 query (and the batch's affiliations, shared)."""
    from meetings.models import ActionItem

    organisations_of, _countries_of = batch.affiliations
    organisation_ids = set().union(*organisations_of.values()) if organisations_of else set()
    items = list(
        ActionItem.objects.filter(status=ActionItem.Status.OPEN)
        .filter(
            Q(assignee_user_id__in=batch.user_ids)
            | Q(assignee_organisation_id__in=organisation_ids)
        )
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    meeting_urls = {}  # one link per meeting, however many items and members
    entries = []
    for item in items:
        if item.meeting_id not in meeting_urls:
            meeting_urls[item.meeting_id] = digest._absolute(item.meeting.get_absolute_url())
        entries.append(
            (
                item,
                digest.DigestItem(
                    item.title,
                    meeting_urls[item.meeting_id],
                    item.due_on,
                    item.meeting.title,
                    overdue=item.due_on < batch.today,
                ),
            )
        )
    rows = {}
    for user_id in batch.user_ids:
        mine = [
            entry
            for item, entry in entries
            if item.assignee_user_id == user_id
            or item.assignee_organisation_id in organisations_of.get(user_id, ())
        ]
        mine.sort(key=lambda entry: (not entry.overdue, entry.when))
        rows[user_id] = mine
    return rows
