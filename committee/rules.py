"""Authorisation rules for the committee's review queue and its decisions.

"Who decides a submission" is written in three forms side by side: the check
(`can_decide_review`), the submissions a user may decide (`decidable_by`)
and the users who may decide one (`deciders`); tests/test_rules_agree.py
holds them to the same answers. The committee decides together: its seat
holders take positions (`committee.take_position`), and only the secretariat
and the chair record its decision. The review queue lists what a user may see
(`in_review_queue`).
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.authz import (
    EVERYONE,
    active_users,
    holding,
    roles_of,
    rule,
    scope_filter,
    sees_everything,
    signed_in,
)
from stakeholders.models import Role

from .models import CommitteeSeat, DecisionRule, ReviewRequest


@rule(
    "committee.review",
    _("open the committee's review queue"),
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_review(user, obj, roles):
    return roles.is_secretariat or roles.has(Role.COMMITTEE)


@rule(
    "committee.decide_review",
    _(
        "record the committee's decision on a submission directly (the secretariat; "
        "the committee's chair too): a meeting's decision, or one that needs no "
        "written procedure"
    ),
    roles=(Role.SECRETARIAT,),
)
def can_decide_review(user, obj, roles):
    """The committee decides together: its seat holders take positions, and
    only the secretariat and the chair (the seat the decision rule names)
    record a decision, never on their own submission."""
    if obj is None:
        return roles.is_secretariat or is_chair(user)
    if not isinstance(obj, ReviewRequest) or obj.submitted_by_id == user.pk:
        return False  # nobody decides their own submission
    return roles.is_secretariat or is_chair(user)


def decidable_by(user) -> Q | None:
    """`committee.decide_review` as a filter on review requests."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user) or is_chair(user):
        return ~Q(submitted_by=user)
    return Q(pk__in=[])


def _committee_covering(request: ReviewRequest) -> Q:
    return holding(
        Role.COMMITTEE,
        country_id=request.country_id,
        stakeholder_type_id=request.stakeholder_type_id,
        scoped=True,
    )


def deciders(request: ReviewRequest) -> Q:
    """`committee.decide_review` as a filter on users: the secretariat and the
    chair; never the request's submitter."""
    audience = holding(Role.SECRETARIAT) | chair_holder()
    if request.submitted_by_id:
        audience &= ~Q(pk=request.submitted_by_id)
    return audience


def deciders_of(request: ReviewRequest):
    """Those told that a submission awaits their decision (the secretariat
    and the chair)."""
    return active_users().filter(deciders(request))


def reviewers_of(request: ReviewRequest):
    """Those told that a submission awaits their position: the current seat
    holders (`committee.take_position`), never its submitter."""
    return active_users().filter(position_takers(request))


def in_review_queue(user) -> Q | None:
    """The submissions in the user's review queue: those they may see
    (`committee.view_review`) and did not send themselves; pending ones are
    theirs to take a position on, comment, or (the secretariat and the
    chair) decide."""
    visible = reviews_visible_to(user)
    own = ~Q(submitted_by=user) if signed_in(user) else Q(pk__in=[])
    return own if visible is None else visible & own


@rule(
    "committee.manage_seats",
    _("change the committee's composition"),
    roles=(Role.SECRETARIAT,),
)
def can_manage_seats(user, obj, roles):
    return roles.is_secretariat


# --- Deciding together: seats, positions, comments, procedures -------------------------
#
# Positions are taken by seats, not roles: a user takes one while holding a
# current seat (whatever their role assignments say). The chair is the seat
# the decision rule names, while its term runs.


def current_seat(user) -> CommitteeSeat | None:
    """The user's current seat (cached on the user object: one query)."""
    if not signed_in(user):
        return None
    if not hasattr(user, "_committee_seat"):
        user._committee_seat = (
            CommitteeSeat.objects.current()
            .filter(holder__user=user)
            .order_by("term_start", "pk")
            .first()
        )
    return user._committee_seat


def is_chair(user) -> bool:
    """Whether the user holds the seat the decision rule names as the
    chair's, while its term runs (cached on the user object: one query)."""
    if not signed_in(user):
        return False
    if not hasattr(user, "_committee_chair"):
        user._committee_chair = DecisionRule.objects.filter(
            pk=1, chair__in=CommitteeSeat.objects.current().filter(holder__user=user)
        ).exists()
    return user._committee_chair


def chair_holder() -> Q:
    """`is_chair` as a filter on users."""
    return Q(
        pk__in=CommitteeSeat.objects.current()
        .filter(pk__in=DecisionRule.objects.filter(pk=1).values("chair_id"))
        .values("holder__user_id")
    )


def seat_holders():
    """Users holding a current seat (a filter on users)."""
    today = timezone.localdate()
    return Q(
        pk__in=CommitteeSeat.objects.filter(term_start__lte=today, term_end__gt=today).values(
            "holder__user_id"
        )
    )


@rule(
    "committee.view_review",
    _("see the submissions to the committee with their positions, comments and procedures"),
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_view_review(user, obj, roles):
    """The secretariat; committee members whose scope covers the submission
    (every seat holder: a seat's role is unscoped), and any committee member
    once it is decided; its submitter, who follows it and the comments
    addressed to them."""
    if obj is None:
        return roles.is_secretariat or roles.has(Role.COMMITTEE)
    if not isinstance(obj, ReviewRequest):
        return False
    if roles.is_secretariat or obj.submitted_by_id == user.pk:
        return True
    if obj.status != ReviewRequest.Status.PENDING and roles.has(Role.COMMITTEE):
        return True
    return bool(roles.covering(Role.COMMITTEE, obj.country_id, obj.stakeholder_type_id))


def reviews_visible_to(user) -> Q | None:
    """`committee.view_review` as a filter on review requests."""
    if not signed_in(user):
        return Q(pk__in=[])
    if sees_everything(user):
        return EVERYONE
    own = Q(submitted_by=user)
    committee = roles_of(user).of(Role.COMMITTEE)
    if not committee:
        return own
    scope = scope_filter(committee)
    if scope is None:
        return EVERYONE
    return own | scope | ~Q(status=ReviewRequest.Status.PENDING)


def review_audience(request: ReviewRequest) -> Q:
    """`committee.view_review` as a filter on users."""
    audience = holding(Role.SECRETARIAT) | _committee_covering(request)
    if request.status != ReviewRequest.Status.PENDING:
        audience |= holding(Role.COMMITTEE)
    if request.submitted_by_id:
        audience |= Q(pk=request.submitted_by_id)
    return audience


@rule(
    "committee.take_position",
    _("take a position on a submission for the seat one holds"),
    roles=(Role.COMMITTEE,),
)
def can_take_position(user, obj, roles):
    if current_seat(user) is None:
        return False
    if obj is None:
        return True
    return (
        isinstance(obj, ReviewRequest)
        and obj.status == ReviewRequest.Status.PENDING
        and obj.submitted_by_id != user.pk  # nobody takes a position on their own
    )


def positions_open_to(user) -> Q | None:
    """`committee.take_position` as a filter on review requests."""
    if signed_in(user) and user.is_superuser:
        return EVERYONE  # Django grants superusers every permission
    if current_seat(user) is None:
        return Q(pk__in=[])
    return Q(status=ReviewRequest.Status.PENDING) & ~Q(submitted_by=user)


def position_takers(request: ReviewRequest) -> Q:
    """`committee.take_position` as a filter on users: the current seat
    holders, while the submission is pending, except its submitter."""
    if request.status != ReviewRequest.Status.PENDING:
        return Q(pk__in=[])
    takers = seat_holders()
    if request.submitted_by_id:
        takers &= ~Q(pk=request.submitted_by_id)
    return takers


@rule(
    "committee.run_procedure",
    _("open written procedures and record the committee's decisions taken in meetings"),
    roles=(Role.SECRETARIAT,),
)
def can_run_procedure(user, obj, roles):
    if obj is not None and not isinstance(obj, ReviewRequest):
        return False
    return roles.is_secretariat or is_chair(user)


@rule(
    "committee.set_decision_rule",
    _("set how the committee decides"),
    roles=(Role.SECRETARIAT,),
)
def can_set_decision_rule(user, obj, roles):
    return roles.is_secretariat


@rule(
    "committee.view_positions",
    _("see who took which position"),
    anonymous=True,
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_view_positions(user, obj, roles):
    """The committee and the secretariat always; everyone when the
    committee's setting publishes them."""
    if roles.is_secretariat or roles.has(Role.COMMITTEE):
        return True
    return DecisionRule.current().publish_positions
