"""Everyone involved hears of a committee decision, once each."""

import datetime

import pytest
from django.core import mail

from committee import services
from committee.models import ReviewRequest
from notifications.models import DeliveryState, EventMailDelivery
from notifications.tasks import announce_decision
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_decision_reaches_leads_and_submitter_once():
    group = WorkingGroupFactory(name="Camera trapping")
    lead = add_member(group, GroupRole.LEAD).user
    co_chair = add_member(group, GroupRole.CO_CHAIR).user
    add_member(group)  # a plain member is not told
    committee = RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user
    version = group_services.workplan_create(
        group=group,
        by=lead,
        title="Camera-trap plan",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    group_services.workplan_draft_save(
        version=version, by=lead, summary="", items=[{"objective": "Deploy 100 traps"}]
    )
    group_services.workplan_submit(version=version, by=lead)
    # the seat holder was alerted at once ("awaits your position", the default)
    assert [m.to for m in mail.outbox] == [[committee.email]]
    mail.outbox.clear()
    decision = services.review_decide(
        request=ReviewRequest.objects.get(),
        reviewer=committee,
        outcome="request_changes",
        comment="Say where the traps go.",
    )
    # the task ran on commit (eager in tests): one email each to lead and co-chair
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, co_chair.email])
    assert all("Say where the traps go." in m.body for m in mail.outbox)
    assert all("Request changes" in m.subject for m in mail.outbox)
    announce_decision.apply(args=[decision.pk])  # a second run sends nothing
    assert len(mail.outbox) == 2
    sent = EventMailDelivery.objects.filter(key=f"decision:{decision.pk}")
    assert sorted(sent.values_list("user__email", "state")) == sorted(
        [(lead.email, DeliveryState.SENT), (co_chair.email, DeliveryState.SENT)]
    )
