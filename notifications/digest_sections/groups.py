"""Digest section of the working groups: what changed in the recipient's
groups (work plans submitted or decided, meetings scheduled, documents added),
newest first. A document is listed only to the members who may open it: the
documents app's own rule (`documents.rules.audience_for`) is asked of every
membership row in the memberships query itself, one column per access level."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, OuterRef
from django.utils.translation import gettext as _

from notifications import digest


def _memberships(batch):
    """{user_id: {group_id: {access level: may open}}} (1 query)."""
    from documents.models import Document
    from documents.rules import audience_for
    from workinggroups.models import GroupMembership

    checks, fixed = {}, {}
    for access in Document.Access.values:
        condition = audience_for(access, OuterRef("group_id"), user="user__")
        if condition:
            checks[f"sees_{access}"] = ExpressionWrapper(condition, output_field=BooleanField())
        else:
            fixed[access] = True  # everyone
    rows = (
        GroupMembership.objects.filter(user_id__in=batch.user_ids)
        .annotate(**checks)
        .values_list("user_id", "group_id", *checks)
    )
    groups_of = defaultdict(dict)
    for user_id, group_id, *flags in rows:
        seen = dict(fixed)
        seen.update(
            (name.removeprefix("sees_"), bool(flag))
            for name, flag in zip(checks, flags, strict=True)
        )
        groups_of[user_id][group_id] = seen
    return groups_of


def _changes(batch, group_ids):
    """[(group_id, changed_at, access or None, DigestItem)] (1 query per kind: 4)."""
    from committee.models import ReviewDecision
    from documents.models import Document
    from meetings.models import Meeting
    from workinggroups.models import WorkPlanVersion
    from workinggroups.services import WORKPLAN_REVIEW_KIND

    absolute = digest._absolute
    item = digest.DigestItem
    changes = []
    for version in WorkPlanVersion.objects.filter(
        plan__group_id__in=group_ids, submitted_at__gt=batch.earliest
    ).select_related("plan__group"):
        changes.append(
            (
                version.plan.group_id,
                version.submitted_at,
                None,
                item(
                    str(version),
                    absolute(version.get_absolute_url()),
                    version.submitted_at,
                    _("Work plan submitted"),
                ),
            )
        )
    for decision in ReviewDecision.objects.filter(
        request__group_id__in=group_ids,
        request__kind=WORKPLAN_REVIEW_KIND,
        decided_at__gt=batch.earliest,
    ).select_related("request"):
        changes.append(
            (
                decision.request.group_id,
                decision.decided_at,
                None,
                item(
                    decision.request.title,
                    absolute(decision.request.get_absolute_url()),
                    decision.decided_at,
                    str(decision.get_outcome_display()),
                ),
            )
        )
    for meeting in Meeting.objects.filter(
        group_id__in=group_ids,
        created_at__gt=batch.earliest,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=batch.now,
    ):
        changes.append(
            (
                meeting.group_id,
                meeting.created_at,
                None,
                item(
                    meeting.title,
                    absolute(meeting.get_absolute_url()),
                    meeting.starts_at,
                    _("Meeting scheduled"),
                ),
            )
        )
    for document in Document.objects.filter(
        group_id__in=group_ids, created_at__gt=batch.earliest
    ).only("pk", "title", "group_id", "created_at", "access"):
        changes.append(
            (
                document.group_id,
                document.created_at,
                document.access,
                item(
                    document.title,
                    absolute(document.get_absolute_url()),
                    document.created_at,
                    _("Document added"),
                ),
            )
        )
    changes.sort(key=lambda change: change[1], reverse=True)
    return changes


def collect(batch) -> dict[int, list]:
    """5 queries: the memberships (with what each member may open), 4 kinds of change."""
    groups_of = _memberships(batch)
    group_ids = set().union(*(set(groups) for groups in groups_of.values()))
    if not group_ids:
        return {}
    changes = _changes(batch, group_ids)
    rows = {}
    for user_id in batch.user_ids:
        mine = groups_of.get(user_id, {})
        rows[user_id] = [
            item
            for group_id, changed_at, access, item in changes
            if group_id in mine
            and changed_at > batch.since[user_id]
            and (access is None or mine[group_id].get(access, False))
        ]
    return rows
