"""Digest section of the notices a member chose to read in the digest
(AlertKind "in the digest") that are not lists of open items themselves:
requests to join a group they lead, being named as someone's substitute, a
comment from the committee addressed to them on what they submitted.
"Awaits your decision" and "awaits your position" have their own section
(committee.py), the list of what still waits.

The items are the member's own notification entries of those kinds made
since their last digest, as the notification list shows them (already in
their language)."""

from __future__ import annotations

from collections import defaultdict

from notifications import digest

# The notice kinds this section lists, by the alert kind that governs them.
LISTED = ("join_requested", "substitute_named", "review_comment")


def collect(batch) -> dict[int, list]:
    """1 query for the choices (shared with the committee section), 1 for the entries."""
    from notifications.models import ALERT_OF_NOTICE, Notification

    kinds_for = {
        uid: {kind for kind in LISTED if batch.wants_in_digest(uid, ALERT_OF_NOTICE[kind])}
        for uid in batch.user_ids
    }
    users = [uid for uid, kinds in kinds_for.items() if kinds]
    if not users:
        return {}
    found: dict[int, list] = defaultdict(list)
    rows = (
        Notification.objects.filter(
            user_id__in=users,
            kind__in=LISTED,
            created_at__gt=batch.earliest,
            created_at__lte=batch.now,
        )
        .order_by("-created_at", "-pk")
        .only("user_id", "kind", "title", "url", "created_at")
    )
    for row in rows:
        if row.kind in kinds_for[row.user_id] and batch.is_new_for(row.user_id, row.created_at):
            url = row.url
            found[row.user_id].append(
                digest.DigestItem(
                    row.title,
                    digest._absolute(url) if url.startswith("/") else url,
                    row.created_at,
                    Notification.Kind(row.kind).label,  # read in the member's language
                )
            )
    return found
