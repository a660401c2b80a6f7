"""Digest section of the working groups: what changed in the recipient's
groups (work plans submitted or decided, meetings scheduled, documents added),
newest first. A document or a meeting is listed only to the members who may
see it: its app's own rule, the users who see it (`documents.rules.audience`,
`meetings.rules.audience`), is asked of
its group's members in the memberships query itself, one column per distinct
audience, so the query count stays fixed."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, Case, Value, When
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
    (1 query): the batch's members with their groups, and one column per
    distinct audience of the guarded objects, asked of the member's own row.

    The audiences are asked at the top level of the query (not inside an
    `EXISTS` per membership row): PostgreSQL then builds each audience's
    subqueries (role holders, invitees, grants) once per query, instead of once
    per row. Objects with the same audience (documents of one group and access
    level, say) share one column."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    columns = {}  # compiled audience -> (column name, condition)
    column_of = {}  # key of a guarded object -> its column
    keys_in = defaultdict(list)  # group_id -> keys of its guarded objects
    for key, obj, condition in guarded:
        keys_in[obj.group_id].append(key)
        if condition is None:
            continue
        sql, params = users.filter(condition).query.sql_with_params()
        name, _condition = columns.setdefault(
            (sql, tuple(params)), (f"sees_{len(columns)}", condition)
        )
        column_of[key] = name
    checks = {
        name: Case(
            When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        for name, condition in columns.values()
    }
    rows = (
        users.filter(pk__in=batch.user_ids, group_memberships__isnull=False)
        .annotate(**checks)
        .values_list("pk", "group_memberships__group_id", *checks)
    )
    groups_of = defaultdict(dict)
    for user_id, group_id, *flags in rows:
        sees = dict(zip(checks, flags, strict=True))
        groups_of[user_id][group_id] = {
            key for key in keys_in[group_id] if key not in column_of or sees[column_of[key]]
        }
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
