"""The review page's positions, comments and procedures, and the public
record of decisions, asked of every demo account (the demo has a written
procedure open on the submitted monitoring plan, with one position)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from committee import services
from committee.models import DecisionRule, Position, ReviewComment, ReviewRequest
from tests.conftest import DEMO_EMAILS
from tests.factories.activities_extra import secretariat_user
from tests.factories.committee import seat_holder, submitted_plan
from tests.querycount import assert_fixed_query_count

pytestmark = pytest.mark.django_db

SECRETARIAT = "secretariat@demo.example"
CHAIR = "committee-ru@demo.example"  # the demo's chair (DecisionRule.chair)
SEATS = {"committee@demo.example", CHAIR, "committee-ngo@demo.example"}
SUBMITTER = "lead-monitoring@demo.example"
SEES_THE_ITEM = {SECRETARIAT, SUBMITTER, *SEATS}

# what each demo account may do on the submitted plan's review page
MATRIX = {
    "view": SEES_THE_ITEM,
    "take_position": SEATS,
    "comment": SEES_THE_ITEM,
    # the committee decides together: only the secretariat and the chair
    # record its decision (a meeting's, or one without a procedure)
    "record_meeting_decision": {SECRETARIAT, CHAIR},
    "decide_directly": {SECRETARIAT, CHAIR},
    "set_decision_rule": {SECRETARIAT},
}


@pytest.fixture
def plan_review(demo_data_for_module):
    return ReviewRequest.objects.get(kind="workplan", status=ReviewRequest.Status.PENDING)


def _as(client, module_demo_user, email):
    client.force_login(module_demo_user(email))
    return client


def _url(name, review):
    return reverse(f"committee:{name}", kwargs={"pk": review.pk})


def test_every_seat_holder_in_the_demo_may_take_a_position(plan_review, module_demo_user):
    takers = {
        email
        for email in DEMO_EMAILS
        if module_demo_user(email).has_perm("committee.take_position", plan_review)
    }
    assert takers == MATRIX["take_position"]


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_the_review_page_by_account(client, module_demo_user, plan_review, email):
    response = _as(client, module_demo_user, email).get(plan_review.get_absolute_url())
    if email not in MATRIX["view"]:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    context = response.context
    assert (context.get("position_form") is not None) == (email in MATRIX["take_position"])
    assert (context.get("meeting_form") is not None) == (email in MATRIX["record_meeting_decision"])
    assert context["procedure"] is not None  # the demo's open procedure
    assert context.get("procedure_form") is None  # one open procedure per item
    # decided together while the procedure is open: no direct decision form
    assert 'id="decide-title"' not in response.content.decode()
    # who took which position: the committee and the secretariat
    assert (context["positions"] is not None) == (email != SUBMITTER)


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_taking_a_position_by_account(client, module_demo_user, plan_review, email):
    response = _as(client, module_demo_user, email).post(
        _url("position", plan_review), {"position-stance": "support", "position-comment": ""}
    )
    if email in MATRIX["take_position"]:
        assert response.status_code == 302
        assert Position.objects.filter(request=plan_review, author__email=email).exists()
    elif email in MATRIX["view"]:
        assert response.status_code == 403
        assert "current committee seat" in response.content.decode() or (
            "own submission" in response.content.decode()
        )
    else:
        assert response.status_code == 404
    assert Position.objects.filter(request=plan_review).count() == 1 + (
        email in MATRIX["take_position"]
    )


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_commenting_by_account(client, module_demo_user, plan_review, email):
    response = _as(client, module_demo_user, email).post(
        _url("comment", plan_review), {"note-body": "Which cameras?", "note-to_submitter": "on"}
    )
    expected = 302 if email in MATRIX["comment"] else 404
    assert response.status_code == expected
    assert ReviewComment.objects.filter(request=plan_review).count() == (expected == 302)


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_recording_a_meeting_decision_by_account(client, module_demo_user, plan_review, email):
    response = _as(client, module_demo_user, email).post(
        _url("meeting_decision", plan_review),
        {"meeting-outcome": "approve", "meeting-minutes_url": "https://example.org/minutes"},
    )
    if email in MATRIX["record_meeting_decision"]:
        assert response.status_code == 302
    else:
        assert response.status_code == (403 if email in MATRIX["view"] else 404)
    plan_review.refresh_from_db()
    assert (plan_review.status == "approved") == (email in MATRIX["record_meeting_decision"])


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_deciding_directly_by_account(client, module_demo_user, plan_review, email):
    """Without a written procedure, only the secretariat and the chair record
    the committee's decision; a seat holder alone cannot (they take a
    position), and the page offers them no decision form."""
    plan_review.procedures.all().delete()
    user = module_demo_user(email)
    assert user.has_perm("committee.decide_review", plan_review) == (
        email in MATRIX["decide_directly"]
    )
    page = _as(client, module_demo_user, email).get(plan_review.get_absolute_url())
    if email in MATRIX["view"]:
        offered = 'id="decide-title"' in page.content.decode()
        assert offered == (email in MATRIX["decide_directly"])
    response = client.post(
        plan_review.get_absolute_url(),
        {"outcome": "request_changes", "comment": "Add the camera models."},
    )
    plan_review.refresh_from_db()
    if email in MATRIX["decide_directly"]:
        assert response.status_code == 302
        assert plan_review.status == ReviewRequest.Status.CHANGES_REQUESTED
        decision = plan_review.decisions.get()
        assert decision.reviewer.email == email and decision.method == "direct"
    else:
        assert response.status_code == (403 if email in MATRIX["view"] else 404)
        assert plan_review.status == ReviewRequest.Status.PENDING
        assert not plan_review.decisions.exists()


def test_a_seat_holder_alone_is_refused_by_the_service(module_demo_user, plan_review):
    plan_review.procedures.all().delete()
    with pytest.raises(PermissionDenied, match="seat holders take a position"):
        services.review_decide(
            request=plan_review,
            reviewer=module_demo_user("committee@demo.example"),
            outcome="approve",
        )
    plan_review.refresh_from_db()
    assert plan_review.status == ReviewRequest.Status.PENDING


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_the_decision_rule_page_by_account(client, module_demo_user, email):
    response = _as(client, module_demo_user, email).get(reverse("committee:decision_rule"))
    assert response.status_code == (200 if email in MATRIX["set_decision_rule"] else 403)


def test_a_second_procedure_is_refused_with_a_message(client, module_demo_user, plan_review):
    deadline = timezone.localtime() + datetime.timedelta(days=3)
    response = _as(client, module_demo_user, SECRETARIAT).post(
        _url("procedure_open", plan_review),
        {"procedure-deadline": deadline.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert "already open" in response.content.decode()


def test_a_position_after_the_deadline_is_refused_with_a_message(
    client, module_demo_user, plan_review
):
    plan_review.procedures.update(
        opened_at=timezone.now() - datetime.timedelta(days=20),
        deadline=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = _as(client, module_demo_user, "committee-ru@demo.example").post(
        _url("position", plan_review), {"position-stance": "abstain"}
    )
    assert response.status_code == 400
    assert "The deadline has passed" in response.content.decode()
    assert not Position.objects.filter(author__email="committee-ru@demo.example").exists()


def test_the_submitter_sees_only_the_comments_addressed_to_them(
    client, module_demo_user, plan_review
):
    member = module_demo_user("committee-ngo@demo.example")
    services.comment_add(request=plan_review, user=member, body="Internal: budget?")
    services.comment_add(
        request=plan_review, user=member, body="Please add the camera models.", to_submitter=True
    )
    page = _as(client, module_demo_user, SUBMITTER).get(plan_review.get_absolute_url())
    text = page.content.decode()
    assert "Please add the camera models." in text
    assert "Internal: budget?" not in text
    page = _as(client, module_demo_user, SECRETARIAT).get(plan_review.get_absolute_url())
    assert "Internal: budget?" in page.content.decode()


def test_the_public_record_shows_positions_only_when_the_rule_publishes_them(
    client, module_demo_user, plan_review
):
    secretariat = module_demo_user(SECRETARIAT)
    services.decision_record_meeting(
        request=plan_review, by=secretariat, outcome="approve", minutes_url="https://example.org/m"
    )
    page = client.get(reverse("committee:decisions"))
    text = page.content.decode()
    assert page.status_code == 200
    assert plan_review.title in text and "https://example.org/m" in text
    assert "Wang Lei" not in text  # the Chinese seat's holder, who supported it
    services.decision_rule_set(by=secretariat, publish_positions=True)
    assert "Wang Lei" in client.get(reverse("committee:decisions")).content.decode()


def test_the_review_page_runs_a_fixed_number_of_queries(client):
    """More seats, positions and comments cost no more queries."""
    request, _lead = submitted_plan()
    client.force_login(seat_holder("CN"))

    def grow():
        for code in ("RU", "KR", "JP", "MN", "KP"):
            holder = seat_holder(code)
            services.position_take(request=request, user=holder, stance="abstain")
            services.comment_add(request=request, user=holder, body="Noted.")

    assert_fixed_query_count(client, request.get_absolute_url(), grow)


def test_the_public_record_runs_a_fixed_number_of_queries(client):
    """More decisions, with published positions, cost no more queries."""
    secretariat = secretariat_user()
    holders = [seat_holder(code) for code in ("CN", "RU", "INT")]
    DecisionRule.objects.update_or_create(pk=1, defaults={"publish_positions": True})

    def decide(count):
        for number in range(count):
            request, _lead = submitted_plan(title=f"Plan {number}")
            for holder in holders:
                services.position_take(request=request, user=holder, stance="support")
            services.decision_record_meeting(
                request=request,
                by=secretariat,
                outcome="approve",
                minutes_url="https://example.org/minutes",
            )

    decide(1)
    assert_fixed_query_count(client, reverse("committee:decisions"), lambda: decide(4))
