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
    """Pending submissions awaiting the committee that the user may see and
    did not send (`rules.in_review_queue`: seat holders take positions on
    them, the secretariat and the chair decide them), oldest first."""
    from datetime import timedelta

    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from .models import Position, Procedure, ReviewRequest
    from .rules import in_review_queue

    queryset = ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING)
    condition = in_review_queue(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    queryset = queryset.select_related(
        "group", "submitted_by", "country", "stakeholder_type"
    ).annotate(
        # the deadline of its open written procedure, and the user's own position
        procedure_deadline=Subquery(
            Procedure.objects.filter(request=OuterRef("pk"), state=Procedure.State.OPEN).values(
                "deadline"
            )[:1]
        ),
        own_stance=Subquery(
            Position.objects.filter(request=OuterRef("pk"), seat__holder__user_id=user.pk).values(
                "stance"
            )[:1]
        ),
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
    """The review request `pk` if the user may see it (`committee.view_review`:
    the committee, the secretariat, its submitter); a missing one and a
    forbidden one are both 404."""
    from django.http import Http404

    from .models import ReviewRequest

    request = (
        ReviewRequest.objects.select_related("group", "submitted_by", "content_type")
        .filter(pk=pk)
        .first()
    )
    if request is None or not user.has_perm("committee.view_review", request):
        raise Http404
    return request


def review_positions(request):
    """The positions taken on a submission, with their seats (two queries
    whatever their number)."""
    return request.positions.select_related(
        "seat__holder", "seat__country", "seat__stakeholder_type"
    ).order_by("created_at", "pk")


def review_comments(request, user):
    """The comments on a submission the user may read: all of them for the
    committee and the secretariat; for the submitter those addressed to them
    and their own."""
    from django.db.models import Q

    from common.authz import roles_of, sees_everything
    from stakeholders.models import Role

    comments = request.comments.select_related("author")
    if not (sees_everything(user) or roles_of(user).has(Role.COMMITTEE)):
        comments = comments.filter(Q(to_submitter=True) | Q(author=user))
    return comments.order_by("created_at", "pk")


def open_procedure(request):
    from .models import Procedure

    return request.procedures.filter(state=Procedure.State.OPEN).select_related("opened_by").first()


def decision_record(*, limit: int | None = None, with_positions: bool = False):
    """The committee's public record: every public decision with its
    procedure and tally, newest first; `with_positions`: and who took which
    position (a fixed number of queries either way)."""
    from django.db.models import Prefetch

    from .models import Position, ReviewDecision

    queryset = (
        ReviewDecision.objects.filter(is_public=True)
        .select_related("request__group", "procedure")
        .order_by("-decided_at", "-pk")
    )
    if with_positions:
        queryset = queryset.prefetch_related(
            Prefetch(
                "request__positions",
                queryset=Position.objects.select_related(
                    "seat__holder", "seat__country", "seat__stakeholder_type"
                ).order_by("created_at", "pk"),
            )
        )
    return queryset[:limit] if limit else queryset


def undecided_procedures(*, limit: int = 20):
    """Written procedures that closed without a quorum: on the record as such."""
    from .models import Procedure

    return (
        Procedure.objects.filter(outcome=Procedure.Outcome.NO_QUORUM)
        .select_related("request__group")
        .order_by("-closed_at", "-pk")[:limit]
    )
