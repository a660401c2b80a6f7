"""The work-plan cycle in a real browser: a member edits the draft, the lead
submits it, the committee (its chair) asks for changes, the lead revises and resubmits,
and the comparison shows what changed. axe-core checks the group, plan and
comparison pages on the way."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import UserFactory
from tests.factories.committee import committee_chair
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    group = WorkingGroupFactory(slug="joint-survey", name="Joint survey and monitoring")
    lead = add_member(group, GroupRole.LEAD, user=UserFactory(full_name="Zhang Lead")).user
    member = add_member(group, user=UserFactory(full_name="Olga Member")).user
    # the committee's chair records its decision (a seat holder alone does not)
    committee = committee_chair(full_name="Kim Reviewer")
    version = services.workplan_create(
        group=group,
        by=lead,
        title="Survey plan",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    services.workplan_draft_save(
        version=version, by=lead, summary="", items=[{"objective": "Winter survey"}]
    )
    return group, lead, member, committee, version


def test_member_edits_lead_submits_committee_asks_lead_resubmits(people, new_page, axe):
    group, lead, member, committee, version = people

    # The member edits the draft: a target for the survey, and a new item.
    page = new_page(session_user=member)
    page.goto(group.get_absolute_url())
    axe(page)
    page.get_by_role("link", name="Survey plan").click()
    page.get_by_role("link", name="Edit the draft").click()
    first = page.get_by_role("group", name="Item 1")
    first.get_by_label("Indicator").fill("Camera traps deployed")
    first.get_by_label("Target").fill("200")
    first.get_by_label("Unit").fill("camera traps")
    page.get_by_role("group", name="Item 2").get_by_label("Objective").fill("Ranger training")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft was saved.")).to_be_visible()
    expect(page.get_by_role("button", name="Submit to the committee")).to_have_count(0)
    axe(page)

    # The lead submits it.
    page = new_page(session_user=lead)
    page.goto(version.get_absolute_url())
    page.get_by_role("button", name="Submit to the committee").click()
    expect(page.get_by_text("Submitted to the coordination committee.")).to_be_visible()

    # The committee asks for changes, with a comment.
    page = new_page(session_user=committee)
    page.goto("/review/")
    axe(page)
    page.get_by_role("link", name="Survey plan", exact=False).click()
    form = page.get_by_role("region", name="Record the committee's decision")
    form.get_by_label("Request changes").check()
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Say what should change.").first).to_be_visible()  # no comment yet
    form = page.get_by_role("region", name="Record the committee's decision")
    form.get_by_label("Request changes").check()
    form.get_by_label("Comment (required unless you approve)").fill("Aim for 300 traps.")
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Your decision was recorded.")).to_be_visible()

    # The lead revises: version 2, target raised, and resubmits.
    page = new_page(session_user=lead)
    page.goto(version.plan.get_absolute_url())
    expect(page.get_by_text("Aim for 300 traps.")).to_be_visible()
    page.get_by_role("button", name="Start a revised version").click()
    page.get_by_role("group", name="Item 1").get_by_label("Target").fill("300")
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_role("button", name="Submit to the committee").click()
    expect(page.get_by_text("Submitted to the coordination committee.")).to_be_visible()

    # The comparison shows the change side by side.
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1 and version 2")
    row = page.get_by_role("row", name="Target")
    expect(row).to_contain_text("200")
    expect(row).to_contain_text("300")
    axe(page)


def test_items_are_added_and_removed_in_place_on_a_phone(people, new_page, axe):
    """The rows of the items form change without JavaScript (the buttons post
    the form back), nothing is saved until "Save the draft", and the page
    stays usable and accessible at 390 px."""
    group, lead, _member, _committee, version = people
    page = new_page(session_user=lead, viewport={"width": 390, "height": 844})
    page.goto(reverse("workinggroups:workplan_edit", args=[group.slug, version.plan_id, 1]))
    expect(page.get_by_role("group", name="Item 2")).to_be_visible()  # the empty row
    axe(page)
    page.get_by_role("group", name="Item 2").get_by_label("Objective").fill("Ranger training")
    page.get_by_role("button", name="Add an item").click()
    expect(page.get_by_role("group", name="Item 3")).to_be_visible()
    expect(page.get_by_role("group", name="Item 2").get_by_label("Objective")).to_have_value(
        "Ranger training"
    )
    third = page.get_by_role("group", name="Item 3")
    third.get_by_label("Objective").fill("Exchange visit")
    third.get_by_label("Budget").fill("12000")
    third.get_by_label("Currency").select_option("USD")
    axe(page)
    page.get_by_role("button", name="Remove item 1").click()
    expect(page.get_by_role("group", name="Item 1").get_by_label("Objective")).to_have_value(
        "Ranger training"
    )
    assert version.items.count() == 1  # nothing saved yet
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The draft was saved.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("12,000 USD")
    assert sorted(version.items.values_list("objective", flat=True)) == [
        "Exchange visit",
        "Ranger training",
    ]
