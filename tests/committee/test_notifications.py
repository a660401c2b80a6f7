"""Everyone involved hears of a committee decision, once each."""

import datetime

import pytest
from django.core import mail

from committee import services
from committee.models import ReviewRequest
from notifications.models import DeliveryState, EventMailDelivery
from notifications.tasks import announce_decision
from tests.factories.activities_extra import secretariat_user
from tests.factories.committee import seat_holder
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db(transaction=True)


def test_plan_decision_reaches_leads_and_submitter_once():
    group = WorkingGroupFactory(name="Camera trapping")
    lead = add_member(group, GroupRole.LEAD).user
    co_chair = add_member(group, GroupRole.CO_CHAIR).user
    add_member(group)  # a plain member is not told
    committee = seat_holder("CN")
    secretariat = secretariat_user()
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
    # alerted at once (the default): the seat holder "awaits your position",
    # the secretariat (who records the committee's decision) "awaits your decision"
    assert sorted(m.to[0] for m in mail.outbox) == sorted([committee.email, secretariat.email])
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Awaiting your position" in subjects[committee.email]
    assert "Awaiting your decision" in subjects[secretariat.email]
    mail.outbox.clear()
    decision = services.review_decide(
        request=ReviewRequest.objects.get(),
        reviewer=secretariat,
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
