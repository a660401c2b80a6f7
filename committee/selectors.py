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
