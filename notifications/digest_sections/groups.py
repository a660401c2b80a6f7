"""Digest section of the working groups: what changed in the recipient's
groups (work plans submitted or decided, meetings scheduled, documents added),
newest first. A document or a meeting is listed only to the members who may
see it: its app's own rule, the users who see it (`documents.rules.audience`,
`meetings.rules.audience`), is asked of
its group's membership rows in the memberships query itself, one column per
new document or meeting, so the query count stays fixed."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils.translation import gettext as _

from common.authz import anyone
from notifications import digest


def _or_none(condition, everyone):
    """None when the audience is every user (nothing to ask of the rows)."""
    return None if condition == everyone else condition


def _guarded(batch):
    """The documents added and the meetings scheduled since the earliest
    window in the groups of the batch's members, each with the filter on
    users who may see it (None: everyone) (2 queries)."""
    from documents.models import Document
    from documents.rules import audience as document_audience
    from meetings.models import Meeting
    from meetings.rules import audience as meeting_audience
    from workinggroups.models import GroupMembership

    their_groups = GroupMembership.objects.filter(user_id__in=batch.user_ids).values("group_id")
    documents = (
        Document.objects.filter(group_id__in=their_groups, created_at__gt=batch.earliest)
        .select_related("group")
        .only("pk", "title", "group", "created_at", "access")
    )
    meetings = Meeting.objects.filter(
        group_id__in=their_groups,
        created_at__gt=batch.earliest,
        status=Meeting.Status.SCHEDULED,
        starts_at__gt=batch.now,
    ).select_related("group")
    guarded = []  # (key, object, audience or None)
    everyone = anyone()
    for document in documents:
        condition = document_audience(document)
        guarded.append((f"document_{document.pk}", document, _or_none(condition, everyone)))
    for meeting in meetings:
        condition = meeting_audience(meeting)
        guarded.append((f"meeting_{meeting.pk}", meeting, _or_none(condition, everyone)))
    return guarded


def _memberships(batch, guarded):
    """{user_id: {group_id: {keys of the guarded objects the member may see}}}
    (1 query): each object's audience asked of its group's membership rows."""
    from django.contrib.auth import get_user_model

    from workinggroups.models import GroupMembership

    users = get_user_model().objects
    checks = {
        f"sees_{key}": Case(
            When(
                group_id=obj.group_id,
                then=Exists(users.filter(pk=OuterRef("user_id")).filter(condition)),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
        for key, obj, condition in guarded
        if condition is not None
    }
    everyone = {(obj.group_id, key) for key, obj, condition in guarded if condition is None}
    rows = (
        GroupMembership.objects.filter(user_id__in=batch.user_ids)
        .annotate(**checks)
        .values_list("user_id", "group_id", *checks)
    )
    groups_of = defaultdict(dict)
    for user_id, group_id, *flags in rows:
        seen = {key for key_group, key in everyone if key_group == group_id}
        seen.update(
            name.removeprefix("sees_") for name, flag in zip(checks, flags, strict=True) if flag
        )
        groups_of[user_id][group_id] = seen
    return groups_of


def _changes(batch, group_ids, guarded):
    """[(group_id, changed_at, key of a guarded object or None, DigestItem)]
    (1 query per other kind of change: 2)."""
    from committee.models import ReviewDecision
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
    for key, obj, _condition in guarded:
        if key.startswith("meeting_"):
            changed_at, when, label = obj.created_at, obj.starts_at, _("Meeting scheduled")
        else:
            changed_at, when, label = obj.created_at, obj.created_at, _("Document added")
        changes.append(
            (
                obj.group_id,
                changed_at,
                key,
                item(obj.title, absolute(obj.get_absolute_url()), when, label),
            )
        )
    changes.sort(key=lambda change: change[1], reverse=True)
    return changes


def collect(batch) -> dict[int, list]:
    """5 queries: the new documents and meetings, the memberships (with what
    each member may see of them), work plans submitted and decided."""
    guarded = _guarded(batch)
    groups_of = _memberships(batch, guarded)
    group_ids = set().union(*(set(groups) for groups in groups_of.values()))
    if not group_ids:
        return {}
    changes = _changes(batch, group_ids, guarded)
    rows = {}
    for user_id in batch.user_ids:
        mine = groups_of.get(user_id, {})
        rows[user_id] = [
            item
            for group_id, changed_at, key, item in changes
            if group_id in mine
            and changed_at > batch.since[user_id]
            and (key is None or key in mine[group_id])
        ]
    return rows
