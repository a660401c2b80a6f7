"""Reads for working groups: what a user may see of groups and plans."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from .models import GroupMembership, GroupRole, JoinRequest, WorkingGroup, WorkPlan, WorkPlanVersion


def groups_for_listing() -> QuerySet[WorkingGroup]:
    return (
        WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED)
        .annotate(
            member_count=Count("memberships", distinct=True),
            organisation_count=Count("memberships__organisation", distinct=True),
        )
        .prefetch_related("countries")
        .order_by("name")
    )


def _members_ordered():
    return GroupMembership.objects.select_related("user", "organisation").order_by(
        "role", "user__full_name"
    )


def group_by_slug(slug: str, *, with_members: bool = True) -> WorkingGroup:
    """A group with its countries and members, leads first; 404 if missing.
    `with_members=False`: the group alone (its page asks for the rest only
    when its content block is rendered, `members_of`)."""
    groups = WorkingGroup.objects.filter(slug=slug)
    if with_members:
        groups = groups.prefetch_related(
            "countries", Prefetch("memberships", queryset=_members_ordered())
        )
    group = groups.first()
    if group is None:
        raise Http404
    return group


def members_of(group) -> list[GroupMembership]:
    """The group's memberships, leads first (prefetched ones if there are)."""
    prefetched = getattr(group, "_prefetched_objects_cache", {}).get("memberships")
    if prefetched is not None:
        return list(prefetched)
    return list(_members_ordered().filter(group=group))


def membership_of(user, group) -> GroupMembership | None:
    if not user.is_authenticated:
        return None
    for membership in getattr(group, "_prefetched_objects_cache", {}).get("memberships", []):
        if membership.user_id == user.pk:
            return membership
    return GroupMembership.objects.filter(group=group, user=user).first()


def is_group_member(user, group) -> bool:
    """Members of any role, observers included."""
    return membership_of(user, group) is not None


def groups_of(user) -> QuerySet[GroupMembership]:
    if not user.is_authenticated:
        return GroupMembership.objects.none()
    return GroupMembership.objects.filter(user=user).select_related("group", "organisation")


def lead_count(group) -> int:
    return GroupMembership.objects.filter(group=group, role=GroupRole.LEAD).count()


def pending_join_requests(group) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(
        group=group, status=JoinRequest.Status.PENDING
    ).select_related("user", "organisation")


def plans_for_group(user, group) -> QuerySet[WorkPlan]:
    """Plans with their versions the user may see (drafts for members only;
    the `workinggroups.view_workplan_version` rule's list form)."""
    from .rules import workplan_versions_visible_to

    versions = WorkPlanVersion.objects.order_by("number")
    visible = workplan_versions_visible_to(user)
    if visible is not None:
        versions = versions.filter(visible)
    return WorkPlan.objects.filter(group=group).prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="visible_versions")
    )


def access_workplan_version(user, *, group_slug: str, plan_pk: int, number: int):
    version = (
        WorkPlanVersion.objects.select_related("plan__group", "submitted_by", "created_by")
        .filter(plan__group__slug=group_slug, plan_id=plan_pk, number=number)
        .first()
    )
    if version is None or not user.has_perm("workinggroups.view_workplan_version", version):
        raise Http404
    return version


def compare_versions(old: WorkPlanVersion, new: WorkPlanVersion) -> dict:
    """Item-by-item comparison of two versions of one plan: what was added,
    removed and changed (field by field), and what stayed the same."""
    from .models import WorkPlanItem

    def items(version):
        return {
            item.key: item
            for item in version.items.select_related("responsible").order_by("position")
        }

    before, after = items(old), items(new)
    changed, unchanged = [], []
    for key, item in after.items():
        if key not in before:
            continue
        differences = [
            {
                "field": WorkPlanItem._meta.get_field(field).verbose_name,
                "old": getattr(before[key], field),
                "new": getattr(item, field),
            }
            for field in WorkPlanItem.COMPARED_FIELDS
            if getattr(before[key], field) != getattr(item, field)
        ]
        if differences:
            changed.append({"old": before[key], "new": item, "differences": differences})
        else:
            unchanged.append(item)
    return {
        "added": [item for key, item in after.items() if key not in before],
        "removed": [item for key, item in before.items() if key not in after],
        "changed": changed,
        "unchanged": unchanged,
        "summary_changed": old.summary != new.summary,
    }
