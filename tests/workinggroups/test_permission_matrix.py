"""Every demo account against the protected actions of working groups and the
committee queue. A member of group A gets nothing of group B's private side."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from committee.models import ReviewRequest
from stakeholders.models import Person
from tests.stakeholders.test_permission_matrix import ACCOUNTS, ANONYMOUS
from workinggroups import services
from workinggroups.models import WorkingGroup, WorkPlanVersion

MONITORING_MEMBERS = {
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",  # observer
}
SECRETARIAT = "secretariat@demo.example"

ALLOWED = {
    "see_monitoring_members": {SECRETARIAT, *MONITORING_MEMBERS},
    "see_antipoaching_members": {SECRETARIAT},
    "see_submitted_monitoring_plan": {SECRETARIAT, "committee@demo.example", *MONITORING_MEMBERS},
    "see_monitoring_draft": {SECRETARIAT, *MONITORING_MEMBERS},
    "edit_monitoring_draft": {
        SECRETARIAT,
        "lead-monitoring@demo.example",
        "member-monitoring@demo.example",
    },
    "edit_antipoaching_draft": {SECRETARIAT},
    "submit_monitoring_draft": {SECRETARIAT, "lead-monitoring@demo.example"},
    "add_monitoring_member": {SECRETARIAT, "lead-monitoring@demo.example"},
    "open_review_queue": {SECRETARIAT, "committee@demo.example"},
    # the demo's written procedure is open on the submitted plan: seats take
    # positions, and the secretariat may record a meeting's decision instead
    "take_position_on_monitoring_plan": {"committee@demo.example"},
    "record_meeting_decision_on_monitoring_plan": {SECRETARIAT},
}


def _draft(slug):
    group = WorkingGroup.objects.get(slug=slug)
    lead = group.memberships.get(role="lead").user
    version = services.workplan_create(
        group=group,
        by=lead,
        title="Draft plan",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    services.workplan_draft_save(
        version=version, by=lead, summary="", items=[{"objective": "Patrol the border"}]
    )
    return version


def _run(action, client):
    if action == "see_monitoring_members":
        response = client.get(reverse("workinggroups:members", args=["joint-survey-monitoring"]))
        return response.status_code == 200, response
    if action == "see_antipoaching_members":
        response = client.get(reverse("workinggroups:members", args=["anti-poaching"]))
        return response.status_code == 200, response
    if action == "see_submitted_monitoring_plan":
        version = WorkPlanVersion.objects.get(plan__group__slug="joint-survey-monitoring")
        response = client.get(version.get_absolute_url())
        return response.status_code == 200, response
    if action == "see_monitoring_draft":
        response = client.get(_draft("joint-survey-monitoring").get_absolute_url())
        return response.status_code == 200, response
    if action in ("edit_monitoring_draft", "edit_antipoaching_draft"):
        slug = "joint-survey-monitoring" if "monitoring" in action else "anti-poaching"
        version = _draft(slug)
        response = client.get(
            reverse("workinggroups:workplan_edit", args=[slug, version.plan_id, version.number])
        )
        return response.status_code == 200, response
    if action == "submit_monitoring_draft":
        version = _draft("joint-survey-monitoring")
        response = client.post(
            reverse(
                "workinggroups:workplan_submit",
                args=["joint-survey-monitoring", version.plan_id, version.number],
            )
        )
        version.refresh_from_db()
        return version.status == WorkPlanVersion.Status.SUBMITTED, response
    if action == "add_monitoring_member":
        person = Person.objects.get(user__email="focal-cn@demo.example")
        response = client.post(
            reverse("workinggroups:members", args=["joint-survey-monitoring"]),
            {"person": person.pk, "role": "member"},
        )
        added = WorkingGroup.objects.get(slug="joint-survey-monitoring").memberships.filter(
            user=person.user
        )
        return added.exists(), response
    if action == "open_review_queue":
        response = client.get(reverse("committee:queue"))
        return response.status_code == 200, response
    if action == "take_position_on_monitoring_plan":
        request = ReviewRequest.objects.get(status="pending", kind="workplan")
        response = client.post(
            reverse("committee:position", args=[request.pk]), {"position-stance": "support"}
        )
        return request.positions.count() == 2, response  # the demo's one and this
    if action == "record_meeting_decision_on_monitoring_plan":
        request = ReviewRequest.objects.get(status="pending", kind="workplan")
        response = client.post(
            reverse("committee:meeting_decision", args=[request.pk]),
            {"meeting-outcome": "approve", "meeting-minutes_url": "https://example.org/minutes"},
        )
        request.refresh_from_db()
        return request.status == ReviewRequest.Status.APPROVED, response
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_group_permission_matrix(account, action, client, module_demo_user):
    module_demo_user("user@demo.example")  # loads the demo data
    if account != ANONYMOUS:
        client.force_login(get_user_model().objects.get(email=account))
    allowed, response = _run(action, client)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if not expected:
        if account == ANONYMOUS and response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
        elif action == "submit_monitoring_draft" and account in MONITORING_MEMBERS:
            assert response.status_code in (302, 403)  # told why, nothing changed
        else:
            assert response.status_code in (403, 404), (account, action, response.status_code)
