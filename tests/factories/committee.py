"""Committee seat holders and a submitted work plan to take positions on."""

import datetime

from django.utils import timezone

from committee.models import CommitteeSeat, DecisionRule, ReviewRequest
from committee.services import seat_assign
from tests.factories import CountryFactory, PersonFactory, StakeholderTypeFactory, UserFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole


def seat_holder(country_code="CN", **user_fields):
    """A user holding a current committee seat (and so the committee role)."""
    user = UserFactory(**user_fields)
    person = PersonFactory(user=user, full_name=user.full_name)
    today = timezone.localdate()
    country = CountryFactory(code=country_code)
    seat_assign(
        holder=person,
        stakeholder_type=StakeholderTypeFactory(),
        country=country,
        term_start=today - datetime.timedelta(days=30),
        term_end=today + datetime.timedelta(days=365),
    )
    return user


def submitted_plan(title="Camera-trap plan"):
    """A work plan submitted to the committee: (its review request, the lead)."""
    group = WorkingGroupFactory()
    lead = add_member(group, GroupRole.LEAD).user
    version = group_services.workplan_create(
        group=group,
        by=lead,
        title=title,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    group_services.workplan_draft_save(
        version=version, by=lead, summary="", items=[{"objective": "Deploy 100 traps"}]
    )
    group_services.workplan_submit(version=version, by=lead)
    return ReviewRequest.objects.get(object_id=version.pk, kind="workplan"), lead


def committee_chair(country_code="INT", **user_fields):
    """A seat holder whom the decision rule names the chair: with the
    secretariat, the one who records the committee's decisions."""
    user = seat_holder(country_code, **user_fields)
    DecisionRule.objects.update_or_create(
        pk=1, defaults={"chair": CommitteeSeat.objects.get(holder__user=user)}
    )
    return user
