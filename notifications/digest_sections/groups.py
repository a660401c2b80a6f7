"""Digest section of the working groups: what changed in the recipient's
groups (work plans submitted or decided, meetings scheduled, documents added),
newest first. A document is listed only to the members who may open it: the
documents app's own rule (`documents.rules.audience`, the users who see a
document) is asked of its group's membership rows in the memberships query
itself, one column per new document, so the query count stays fixed."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import BooleanField, Case, Exists, OuterRef, Value, When
from django.utils.translation import gettext as _

from notifications import digest


def _documents(batch):
    """The documents added since the earliest window to the groups of the
    batch's members (1 query)."""
    from documents.models import Document
    from workinggroups.models import GroupMembership

    return list(
        Document.objects.filter(
            group_id__in=GroupMembership.objects.filter(user_id__in=batch.user_ids).values(
                "group_id"
            ),
            created_at__gt=batch.earliest,
        )
        .select_related("group")
        .only("pk", "title", "group", "created_at", "access")
    )


def _memberships(batch, documents):
    """{user_id: {group_id: {document ids the member may open}}} (1 query):
    each document's audience (the documents app's rule, a filter on users)
    asked of its group's membership rows in the same query."""
    from django.contrib.auth import get_user_model

    from documents.rules import audience
    from workinggroups.models import GroupMembership

    users = get_user_model().objects
    checks = {
        f"sees_{document.pk}": Case(
            When(
                group_id=document.group_id,
                then=Exists(users.filter(pk=OuterRef("user_id")).filter(audience(document))),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
        for document in documents
    }
    rows = (
        GroupMembership.objects.filter(user_id__in=batch.user_ids)
        .annotate(**checks)
        .values_list("user_id", "group_id", *checks)
    )
    groups_of = defaultdict(dict)
    for user_id, group_id, *flags in rows:
        groups_of[user_id][group_id] = {
            document.pk for document, flag in zip(documents, flags, strict=True) if flag
        }
    return groups_of


def _changes(batch, group_ids, documents):
    """[(group_id, changed_at, document id or None, DigestItem)] (1 query per
    other kind of change: 3)."""
    from committee.models import ReviewDecision
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
    for document in documents:
        changes.append(
            (
                document.group_id,
                document.created_at,
                document.pk,
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
    """5 queries: the new documents, the memberships (with the documents each
    member may open), 3 other kinds of change."""
    documents = _documents(batch)
    groups_of = _memberships(batch, documents)
    group_ids = set().union(*(set(groups) for groups in groups_of.values()))
    if not group_ids:
        return {}
    changes = _changes(batch, group_ids, documents)
    rows = {}
    for user_id in batch.user_ids:
        mine = groups_of.get(user_id, {})
        rows[user_id] = [
            item
            for group_id, changed_at, document_id, item in changes
            if group_id in mine
            and changed_at > batch.since[user_id]
            and (document_id is None or document_id in mine[group_id])
        ]
    return rows
