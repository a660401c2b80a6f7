"""A written procedure in a real browser: the secretariat opens one on a
submitted work plan, three seat holders take their positions (one objects,
with reasons), the beat task closes it at the deadline, and the plan goes
back as "changes requested" with the objection, on the public record. axe-core
checks the review page (with its forms) and the record on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from committee.models import Procedure
from committee.tasks import close_due_procedures
from tests.factories.activities_extra import secretariat_user
from tests.factories.committee import seat_holder, submitted_plan

pytestmark = pytest.mark.browser


@pytest.fixture
def committee(transactional_db):
    seats = [
        seat_holder("CN", full_name="Wang Seat"),
        seat_holder("RU", full_name="Sokolova Seat"),
        seat_holder("INT", full_name="NGO Seat"),
    ]
    request, _lead = submitted_plan(title="Survey plan")
    return seats, secretariat_user(), request


def test_three_seat_holders_take_positions_and_one_objection_sends_it_back(
    committee, new_page, axe
):
    seats, secretariat, request = committee

    # The secretariat opens the procedure with a deadline.
    page = new_page(session_user=secretariat)
    page.goto(request.get_absolute_url())
    axe(page)
    deadline = (datetime.datetime.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Deadline for positions").fill(deadline)
    page.get_by_role("button", name="Open the procedure").click()
    expect(page.get_by_text("The written procedure is open")).to_be_visible()
    axe(page)

    # Three seat holders take positions; the third objects, first without reasons.
    for user, stance in zip(seats, ["Support", "Abstain", "Object"], strict=True):
        page = new_page(session_user=user)
        page.goto(request.get_absolute_url())
        page.get_by_label(stance, exact=True).check()
        page.get_by_role("button", name="Record my position").click()
        if stance == "Object":
            expect(page.get_by_text("Say why you object.").first).to_be_visible()
            axe(page)  # the form with its error summary
            page.get_by_label(stance, exact=True).check()
            page.get_by_label("Comment (required when you object)").fill(
                "Say where the camera traps go."
            )
            page.get_by_role("button", name="Record my position").click()
        expect(page.get_by_text("Your position was recorded.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="3 of 3 seats answered")).to_be_visible()
    expect(page.get_by_role("cell", name="Say where the camera traps go.")).to_be_visible()
    axe(page)

    # The deadline passes: beat closes it (twice: once).
    procedure = Procedure.objects.get(request=request)
    later = (procedure.deadline + datetime.timedelta(minutes=1)).isoformat()
    assert close_due_procedures.apply(kwargs={"now": later}).get() == 1
    assert close_due_procedures.apply(kwargs={"now": later}).get() == 0

    page = new_page(session_user=secretariat)
    page.goto(request.get_absolute_url())
    expect(page.get_by_text("Changes requested").first).to_be_visible()
    expect(page.get_by_text("Say where the camera traps go.").first).to_be_visible()
    axe(page)

    # On the public record, for anyone.
    page = new_page()
    page.goto("/committee/decisions/")
    row = page.get_by_role("row").filter(has_text="Survey plan")
    expect(row).to_contain_text("Written procedure")
    expect(row).to_contain_text("3 of 3 seats: 1 support, 1 object, 1 abstain")
    axe(page)

    # On a phone the review page and the record do not scroll sideways.
    for user, path in ((secretariat, request.get_absolute_url()), (None, "/committee/decisions/")):
        page = new_page(viewport={"width": 390, "height": 844}, session_user=user)
        page.goto(path)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{path} scrolls sideways on a phone"
