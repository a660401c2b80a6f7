"""Work plans: draft, submit, review, revise, compare."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from committee import services as committee_services
from committee.models import ReviewDecision, ReviewRequest
from stakeholders.models import Role
from tests.factories import OrganisationFactory, RoleAssignmentFactory
from tests.factories.committee import committee_chair
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import selectors, services
from workinggroups.models import GroupRole, WorkPlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    group = WorkingGroupFactory()
    lead = add_member(group, GroupRole.LEAD).user
    member = add_member(group).user
    # the committee's chair, who records its decisions (the seat holders alone
    # take positions)
    committee = committee_chair()
    return group, lead, member, committee


def _item(objective, **extra):
    return {
        "objective": objective,
        "output": "",
        "indicator": "",
        "target": None,
        "unit": "",
        "responsible": None,
        "starts_on": None,
        "ends_on": None,
        **extra,
    }


def _draft(group, member):
    version = services.workplan_create(
        group=group,
        by=member,
        title="Plan 2026–2027",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    services.workplan_draft_save(
        version=version,
        by=member,
        summary="First draft",
        items=[
            _item("Joint winter survey", indicator="Camera traps", target=200, unit="traps"),
            _item("Ranger training"),
        ],
    )
    return version


def test_full_cycle_with_comparison(setting):
    group, lead, member, committee = setting
    v1 = _draft(group, member)
    with pytest.raises(PermissionDenied):
        services.workplan_submit(version=v1, by=member)  # only a lead submits
    services.workplan_submit(version=v1, by=lead)
    v1.refresh_from_db()
    assert v1.status == WorkPlanVersion.Status.SUBMITTED
    with pytest.raises(ValidationError, match="frozen"):
        services.workplan_draft_save(version=v1, by=member, summary="x", items=[])

    request = ReviewRequest.objects.get()
    assert request.group == group
    from committee.selectors import review_queue

    assert list(review_queue(committee)) == [request]  # unscoped: sees everything
    assert list(review_queue(lead)) == []  # not on the committee, and it is their own
    committee_services.review_decide(
        request=request, reviewer=committee, outcome="request_changes", comment="Add targets."
    )
    v1.refresh_from_db()
    assert v1.status == WorkPlanVersion.Status.CHANGES_REQUESTED

    v2 = services.workplan_revise(plan=v1.plan, by=lead)
    assert v2.number == 2
    items = list(v2.items.order_by("position"))
    rows = [
        {
            "id": items[0].pk,
            **_item("Joint winter survey", indicator="Camera traps", target=300, unit="traps"),
        },
        _item("Snare removal days", indicator="Snares removed", target=500, unit="snares"),
    ]
    services.workplan_draft_save(version=v2, by=member, summary="Second draft", items=rows)
    services.workplan_submit(version=v2, by=lead)
    request = ReviewRequest.objects.get(status="pending")
    committee_services.review_decide(request=request, reviewer=committee, outcome="approve")
    v2.refresh_from_db()
    assert v2.status == WorkPlanVersion.Status.APPROVED
    v1.refresh_from_db()
    assert v1.items.count() == 2  # the frozen version kept its items

    comparison = selectors.compare_versions(v1, v2)
    assert [i.objective for i in comparison["added"]] == ["Snare removal days"]
    assert [i.objective for i in comparison["removed"]] == ["Ranger training"]
    [change] = comparison["changed"]
    assert [(str(d["field"]), d["old"], d["new"]) for d in change["differences"]] == [
        ("target", 200, 300)
    ]
    assert comparison["summary_changed"]
    assert ReviewDecision.objects.count() == 2


def test_changes_need_a_comment_and_nobody_reviews_their_own(setting):
    group, lead, member, committee = setting
    v1 = _draft(group, member)
    services.workplan_submit(version=v1, by=lead)
    request = ReviewRequest.objects.get()
    with pytest.raises(ValidationError):
        committee_services.review_decide(
            request=request, reviewer=committee, outcome="request_changes"
        )
    # even the secretariat, who records decisions, does not decide their own
    RoleAssignmentFactory(user=lead, role=Role.SECRETARIAT, country=None)
    from django.contrib.auth import get_user_model

    with pytest.raises(PermissionDenied):
        committee_services.review_decide(
            request=request, reviewer=get_user_model().objects.get(pk=lead.pk), outcome="approve"
        )


def test_scoped_reviewer_sees_only_their_scope(setting):
    group, lead, member, _committee = setting
    scoped = RoleAssignmentFactory(role=Role.COMMITTEE).user  # China only
    v1 = _draft(group, member)
    services.workplan_submit(version=v1, by=lead)
    from committee.selectors import review_queue

    assert not review_queue(scoped).exists()  # a plan of no single country is not theirs
    request = ReviewRequest.objects.get()
    assert not scoped.has_perm("committee.decide_review", request)


def test_empty_draft_cannot_be_submitted(setting):
    group, lead, _member, _committee = setting
    version = services.workplan_create(
        group=group,
        by=lead,
        title="Empty",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    with pytest.raises(ValidationError, match="at least one item"):
        services.workplan_submit(version=version, by=lead)


def test_period_and_item_validation(setting, client):
    group, _lead, member, _committee = setting
    client.force_login(member)
    response = client.post(
        reverse("workinggroups:workplan_new", args=[group.slug]),
        {"title": "Backwards", "period_start": "2027-01-01", "period_end": "2026-01-01"},
    )
    assert response.status_code == 400
    assert "must end after it starts" in response.content.decode()
    version = _draft(group, member)
    url = reverse("workinggroups:workplan_edit", args=[group.slug, version.plan_id, 1])
    data = {
        "summary": "x",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-objective": "Survey",
        "items-0-target": "12",
        "items-0-unit": "",
        "items-0-starts_on": "2026-05-01",
        "items-0-ends_on": "2026-04-01",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Give the unit of the target." in body
    assert "The end must not be before the start." in body
    assert version.items.count() == 2  # nothing was lost


def test_draft_edit_form_round_trip(setting, client):
    group, _lead, member, _committee = setting
    version = _draft(group, member)
    client.force_login(member)
    url = reverse("workinggroups:workplan_edit", args=[group.slug, version.plan_id, 1])
    items = list(version.items.order_by("position"))
    organisation = OrganisationFactory()
    response = client.post(
        url,
        {
            "summary": "Edited",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "2",
            "items-0-id": items[0].pk,
            "items-0-objective": "Joint winter survey (both parks)",
            "items-0-target": "250",
            "items-0-unit": "traps",
            "items-0-responsible": organisation.pk,
            "items-1-id": items[1].pk,
            "items-1-objective": "Ranger training",
            "items-1-DELETE": "on",
            "items-2-objective": "Exchange visit",
        },
    )
    assert response.status_code == 302
    objectives = list(version.items.order_by("position").values_list("objective", flat=True))
    assert objectives == ["Joint winter survey (both parks)", "Exchange visit"]
    assert version.items.get(objective__startswith="Joint").key == items[0].key


def test_drafts_are_hidden_from_outsiders_and_the_committee(setting, client):
    group, lead, member, committee = setting
    version = _draft(group, member)
    url = version.get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(committee)
    assert client.get(url).status_code == 404
    services.workplan_submit(version=version, by=lead)
    assert client.get(url).status_code == 200  # submitted: the committee sees it
    client.logout()
    assert client.get(url).status_code == 404
    request = ReviewRequest.objects.get()
    committee_services.review_decide(request=request, reviewer=committee, outcome="approve")
    assert client.get(url).status_code == 200  # approved plans are public


def test_compare_page(setting, client):
    group, lead, member, committee = setting
    v1 = _draft(group, member)
    services.workplan_submit(version=v1, by=lead)
    committee_services.review_decide(
        request=ReviewRequest.objects.get(),
        reviewer=committee,
        outcome="request_changes",
        comment="More ambition.",
    )
    v2 = services.workplan_revise(plan=v1.plan, by=lead)
    item = v2.items.get(objective="Ranger training")
    item.objective = "Ranger and volunteer training"
    item.save()
    client.force_login(member)
    response = client.get(
        reverse("workinggroups:workplan_compare", args=[group.slug, v1.plan_id]) + "?a=1&b=2"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<del>Ranger training</del>" in body
    assert "<ins>Ranger and volunteer training</ins>" in body
    assert (
        client.get(
            reverse("workinggroups:workplan_compare", args=[group.slug, v1.plan_id]) + "?a=1&b=9"
        ).status_code
        == 404
    )
