"""Reads for the committee."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from stakeholders.models import Role, RoleAssignment

from .models import CommitteeSeat


def committee_members(on=None) -> QuerySet:
    """Users who hold the committee role today (by seat or by assignment)."""
    holders = RoleAssignment.objects.active(on=on).filter(role=Role.COMMITTEE).values("user_id")
    return get_user_model().objects.filter(pk__in=holders, is_active=True)


def current_seats() -> QuerySet[CommitteeSeat]:
    return CommitteeSeat.objects.current().select_related(
        "holder__organisation", "holder__user", "country", "stakeholder_type"
    )


def review_queue(user, *, group=None, older_than_days=None):
    """Pending submissions the user may decide, oldest first."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ReviewRequest
    from .rules import decidable_by

    queryset = (
        ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING)
        .filter(decidable_by(user))
        .select_related("group", "submitted_by", "country", "stakeholder_type")
    )
    if group is not None:
        queryset = queryset.filter(group=group)
    if older_than_days:
        queryset = queryset.filter(
            submitted_at__lte=timezone.now() - timedelta(days=older_than_days)
        )
    return queryset.order_by("submitted_at")


def recent_decisions(*, public_only: bool, limit: int = 50):
    from .models import ReviewDecision

    queryset = ReviewDecision.objects.select_related("request__group", "reviewer")
    if public_only:
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("-decided_at")[:limit]


def access_review_request(user, pk: int):
    from django.http import Http404

    from .models import ReviewRequest

    request = (
        ReviewRequest.objects.select_related("group", "submitted_by", "content_type")
        .filter(pk=pk)
        .first()
    )
    if request is None or not user.has_perm("committee.review"):
        raise Http404
    if (
        request.status == ReviewRequest.Status.PENDING
        and not user.has_perm("committee.decide_review", request)
        and request.submitted_by_id != user.pk
    ):
        raise Http404
    return request
