"""Writes for working groups: joining, roles, and the work-plan lifecycle.

Group permissions are django-guardian grants derived from the membership
role; every change to a membership re-derives them at once.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from common.authz import forget_cached_permissions
from common.events import publish
from stakeholders.models import Organisation, Person

from .models import (
    GROUP_PERMISSIONS,
    ROLE_PERMISSIONS,
    GroupMembership,
    GroupRole,
    JoinRequest,
    WorkingGroup,
    WorkPlan,
    WorkPlanItem,
    WorkPlanVersion,
)


def membership_sync_grants(*, user, group: WorkingGroup) -> None:
    """Make the user's object permissions on the group match their role."""
    forget_cached_permissions(user)
    membership = GroupMembership.objects.filter(group=group, user=user).first()
    granted = ROLE_PERMISSIONS[GroupRole(membership.role)] if membership else set()
    for codename in GROUP_PERMISSIONS:
        if codename in granted:
            assign_perm(f"workinggroups.{codename}", user, group)
        else:
            remove_perm(f"workinggroups.{codename}", user, group)


def _require(user, perm, group):
    if not user.has_perm(perm, group):
        raise PermissionDenied(_("You may not do this in %(group)s.") % {"group": group})


def _check_affiliation(user, organisation: Organisation) -> None:
    if organisation.status != Organisation.Status.ACTIVE:
        raise ValidationError(
            _("%(org)s is not an active member organisation.") % {"org": organisation}
        )
    if not Person.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("%(user)s does not work for %(org)s.") % {"user": user, "org": organisation}
        )


def _keeps_a_lead(group: WorkingGroup, leaving: GroupMembership) -> None:
    if leaving.role != GroupRole.LEAD:
        return
    others = GroupMembership.objects.filter(group=group, role=GroupRole.LEAD).exclude(pk=leaving.pk)
    if not others.exists():
        raise ValidationError(
            _("%(group)s must keep at least one lead: make another member lead first.")
            % {"group": group}
        )


# --- Joining ------------------------------------------------------------------


@transaction.atomic
def join_request_create(
    *, user, group: WorkingGroup, organisation: Organisation, message: str = ""
) -> JoinRequest:
    if group.status == WorkingGroup.Status.CLOSED:
        raise ValidationError(_("This group is closed."))
    _check_affiliation(user, organisation)
    if GroupMembership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("You are already a member of this group."))
    if JoinRequest.objects.filter(
        group=group, user=user, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("Your request to join is already waiting for a decision."))
    request = JoinRequest(
        group=group, user=user, organisation=organisation, message=message.strip()
    )
    request.full_clean(validate_constraints=False)
    request.save()
    publish("group.join_requested", request)  # the group's leads hear of it on commit
    return request


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, by, approve: bool, reason: str = ""
) -> GroupMembership | None:
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    group = join_request.group
    _require(by, "workinggroups.decide_join_request", group)
    if join_request.user_id == by.pk:
        raise PermissionDenied(_("Nobody may decide their own request."))
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = by
    join_request.decided_at = timezone.now()
    join_request.reason = reason.strip()
    join_request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    if not approve:
        return None
    return _add(
        group=group,
        user=join_request.user,
        organisation=join_request.organisation,
        role=GroupRole.MEMBER,
    )


# --- Membership ---------------------------------------------------------------


def _add(*, group, user, organisation, role) -> GroupMembership:
    _check_affiliation(user, organisation)
    membership, created = GroupMembership.objects.get_or_create(
        group=group, user=user, defaults={"organisation": organisation, "role": role}
    )
    if not created:
        raise ValidationError(_("%(user)s is already a member.") % {"user": user})
    membership_sync_grants(user=user, group=group)
    # meetings invites the newcomer to the group's coming meetings, on commit
    publish("group.member_added", group_id=group.pk, user_id=user.pk)
    return membership


@transaction.atomic
def membership_add(
    *, group: WorkingGroup, user, organisation: Organisation, role: str, by
) -> GroupMembership:
    _require(by, "workinggroups.manage_members", group)
    return _add(group=group, user=user, organisation=organisation, role=GroupRole(role))


@transaction.atomic
def membership_change_role(*, membership: GroupMembership, role: str, by) -> GroupMembership:
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    _require(by, "workinggroups.manage_members", membership.group)
    role = GroupRole(role)
    if role != GroupRole.LEAD:
        _keeps_a_lead(membership.group, membership)
    membership.role = role
    membership.save(update_fields=["role"])
    membership_sync_grants(user=membership.user, group=membership.group)
    return membership


@transaction.atomic
def membership_remove(*, membership: GroupMembership, by) -> None:
    """A lead removes a member, or a member leaves."""
    membership = GroupMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.user_id != by.pk:
        _require(by, "workinggroups.manage_members", membership.group)
    _keeps_a_lead(membership.group, membership)
    user, group = membership.user, membership.group
    membership.delete()
    membership_sync_grants(user=user, group=group)


# --- Work plans ---------------------------------------------------------------

WORKPLAN_REVIEW_KIND = "workplan"


@transaction.atomic
def workplan_create(
    *, group: WorkingGroup, by, title: str, period_start, period_end, summary: str = ""
) -> WorkPlanVersion:
    """A new plan with its first draft version."""
    _require(by, "workinggroups.edit_workplan", group)
    plan = WorkPlan(
        group=group,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    return WorkPlanVersion.objects.create(plan=plan, number=1, summary=summary, created_by=by)


def _lock_version(version: WorkPlanVersion) -> WorkPlanVersion:
    return (
        WorkPlanVersion.objects.select_for_update().select_related("plan__group").get(pk=version.pk)
    )


@transaction.atomic
def workplan_draft_save(
    *, version: WorkPlanVersion, by, summary: str, items: list[dict]
) -> WorkPlanVersion:
    """Replace a draft's summary and items. `items` are dicts of item fields,
    with "id" for an existing item of this draft (kept, so its key is too)."""
    version = _lock_version(version)
    _require(by, "workinggroups.edit_workplan", version.plan.group)
    if version.is_frozen:
        raise ValidationError(
            _("Version %(n)s was submitted and is frozen; start a revision instead.")
            % {"n": version.number}
        )
    existing = {item.pk: item for item in version.items.all()}
    kept = set()
    errors = []
    for position, data in enumerate(items):
        data = dict(data)
        item_id = data.pop("id", None)
        item = existing.get(item_id) if item_id else None
        if item is None:
            item = WorkPlanItem(version=version)
        else:
            kept.add(item.pk)
        for field in WorkPlanItem.COMPARED_FIELDS:
            setattr(item, field, data.get(field))
        item.output = item.output or ""
        item.indicator = item.indicator or ""
        item.unit = item.unit or ""
        item.currency = item.currency or ""
        item.resources = (item.resources or "").strip()
        item.position = position
        try:
            item.full_clean(exclude=["version", "key"])
        except ValidationError as error:
            errors.append(error)
            continue
        item.save()
        kept.add(item.pk)
    if errors:
        raise ValidationError([message for error in errors for message in error.messages])
    version.items.exclude(pk__in=kept).delete()
    version.summary = summary
    version.save(update_fields=["summary"])
    return version


@transaction.atomic
def workplan_submit(*, version: WorkPlanVersion, by) -> WorkPlanVersion:
    """The lead sends a draft to the committee; from now on it is frozen."""
    from committee.services import review_submit

    version = _lock_version(version)
    group = version.plan.group
    _require(by, "workinggroups.submit_workplan", group)
    if version.status != WorkPlanVersion.Status.DRAFT:
        raise ValidationError(_("Only a draft can be submitted."))
    if not version.items.exists():
        raise ValidationError(_("Add at least one item before submitting the plan."))
    version.status = WorkPlanVersion.Status.SUBMITTED
    version.submitted_at = timezone.now()
    version.submitted_by = by
    version.save(update_fields=["status", "submitted_at", "submitted_by"])
    review_submit(
        subject=version,
        kind=WORKPLAN_REVIEW_KIND,
        title=f"{group.name}: {version.plan.title} — v{version.number}",
        submitted_by=by,
        group=group,
    )
    publish("workplan.submitted", version)  # the group and its reviewers hear of it on commit
    return version


@transaction.atomic
def workplan_revise(*, plan: WorkPlan, by) -> WorkPlanVersion:
    """After the committee asked for changes: a new draft copying the last version."""
    plan = WorkPlan.objects.select_for_update().select_related("group").get(pk=plan.pk)
    _require(by, "workinggroups.edit_workplan", plan.group)
    latest = plan.versions.order_by("-number").first()
    if latest.status != WorkPlanVersion.Status.CHANGES_REQUESTED:
        raise ValidationError(
            _("A new version can be started only after the committee asked for changes.")
        )
    draft = WorkPlanVersion.objects.create(
        plan=plan, number=latest.number + 1, summary=latest.summary, created_by=by
    )
    WorkPlanItem.objects.bulk_create(
        [
            WorkPlanItem(
                version=draft,
                key=item.key,
                position=item.position,
                **{field: getattr(item, field) for field in WorkPlanItem.COMPARED_FIELDS},
            )
            for item in latest.items.all()
        ]
    )
    return draft


def _workplan_decided(status):
    def apply(version: WorkPlanVersion, decision) -> None:
        version.status = status
        version.save(update_fields=["status"])

    return apply


workplan_approved = _workplan_decided(WorkPlanVersion.Status.APPROVED)
workplan_changes_requested = _workplan_decided(WorkPlanVersion.Status.CHANGES_REQUESTED)


def workplan_decision_audience(version: WorkPlanVersion):
    """Who hears of the committee's decisions on a plan: the group's members
    who see its private content in their notification list; the leads,
    co-chairs and the submitter also by email."""
    from committee.registry import DecisionAudience

    from .rules import group_members_seeing

    return DecisionAudience(
        notified=group_members_seeing(version.plan.group),
        mailed=workplan_people_involved(version),
        name=str(version),
        url=version.get_absolute_url(),
    )


def workplan_people_involved(version: WorkPlanVersion):
    """Told of the committee's decisions on a plan: the group's leads and
    co-chairs, and whoever submitted it."""
    group = version.plan.group
    people = [
        m.user
        for m in group.memberships.filter(
            role__in=[GroupRole.LEAD, GroupRole.CO_CHAIR]
        ).select_related("user")
    ]
    if version.submitted_by is not None:
        people.append(version.submitted_by)
    return people
