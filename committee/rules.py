"""Authorisation rules for the committee's review queue."""

from common.authz import rule
from stakeholders.models import Role

from .models import ReviewRequest


@rule("committee.review", "open the committee's review queue")
def can_review(user, obj, roles):
    return roles.is_secretariat or roles.has(Role.COMMITTEE)


@rule("committee.decide_review", "decide a submission to the committee")
def can_decide_review(user, obj, roles):
    if obj is None:
        return roles.is_secretariat or roles.has(Role.COMMITTEE)
    if not isinstance(obj, ReviewRequest) or obj.submitted_by_id == user.pk:
        return False  # nobody reviews their own submission
    if roles.is_secretariat:
        return True
    return bool(roles.covering(Role.COMMITTEE, obj.country_id, obj.stakeholder_type_id))


@rule("committee.manage_seats", "change the committee's composition")
def can_manage_seats(user, obj, roles):
    return roles.is_secretariat
