"""Authorisation rules for the committee's review queue.

"Who decides a submission" is written in three forms side by side: the check
(`can_decide_review`), the submissions a user may decide (`decidable_by`, the
queue) and the users who may decide one (`deciders`);
tests/test_rules_agree.py holds them to the same answers.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.authz import (
    active_users,
    holding,
    roles_of,
    rule,
    scope_filter,
    sees_everything,
    signed_in,
)
from stakeholders.models import Role

from .models import ReviewRequest


@rule(
    "committee.review",
    _("open the committee's review queue"),
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_review(user, obj, roles):
    return roles.is_secretariat or roles.has(Role.COMMITTEE)


@rule(
    "committee.decide_review",
    _("review submitted work plans and activity reports for %(scope)s"),
    roles=(Role.SECRETARIAT, Role.COMMITTEE),
)
def can_decide_review(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.COMMITTEE)
    if not isinstance(obj, ReviewRequest) or obj.submitted_by_id == user.pk:
        return False  # nobody reviews their own submission
    if roles.is_secretariat:
        return True
    return bool(roles.covering(Role.COMMITTEE, obj.country_id, obj.stakeholder_type_id))


def decidable_by(user) -> Q | None:
    """`committee.decide_review` as a filter on review requests."""
    if not signed_in(user):
        return Q(pk__in=[])
    own = Q(submitted_by=user)
    if sees_everything(user):
        return ~own
    scope = scope_filter(roles_of(user).of(Role.COMMITTEE))
    return ~own if scope is None else scope & ~own


def _committee_covering(request: ReviewRequest) -> Q:
    return holding(
        Role.COMMITTEE,
        country_id=request.country_id,
        stakeholder_type_id=request.stakeholder_type_id,
        scoped=True,
    )


def deciders(request: ReviewRequest) -> Q:
    """`committee.decide_review` as a filter on users: the secretariat and the
    committee members whose scope covers the request; never its submitter."""
    audience = holding(Role.SECRETARIAT) | _committee_covering(request)
    if request.submitted_by_id:
        audience &= ~Q(pk=request.submitted_by_id)
    return audience


def reviewers_of(request: ReviewRequest):
    """Those told that a submission awaits their review: the committee
    members who may decide it (without the secretariat: the queue is the
    committee's)."""
    users = active_users().filter(_committee_covering(request))
    if request.submitted_by_id:
        users = users.exclude(pk=request.submitted_by_id)  # nobody reviews their own
    return users


@rule(
    "committee.manage_seats",
    _("change the committee's composition"),
    roles=(Role.SECRETARIAT,),
)
def can_manage_seats(user, obj, roles):
    return roles.is_secretariat
