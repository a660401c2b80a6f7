"""A guest without an account answers an invitation on a phone: the link
from the invitation mail opens the meeting, the answer is given by its
label and saved; a changed link shows a clear page. axe-core checks each
page at 390 × 844."""

import datetime

import pytest
from playwright.sync_api import expect

from meetings import guestlinks
from meetings.models import GuestInvitation
from tests.factories import UserFactory
from tests.factories.meetings import AgendaItemFactory, MeetingFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']} px phone"


def test_a_guest_answers_on_a_phone(transactional_db, new_page, axe):
    start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=20)
    meeting = MeetingFactory(
        group=WorkingGroupFactory(name="Joint survey and monitoring"),
        title="Camera-trap protocol workshop",
        organiser=UserFactory(full_name="Lena Orlova"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        time_zone="Asia/Vladivostok",
        venue="Land of the Leopard National Park office, Vladivostok",
    )
    AgendaItemFactory(meeting=meeting, title="A common protocol for the border area")
    guest = GuestInvitation.objects.create(
        meeting=meeting, email="sun.mei@nefu.example.org", name="Sun Mei"
    )

    page = new_page(viewport=PHONE)
    page.goto(guestlinks.answer_path(guest))
    expect(page.get_by_role("heading", level=1)).to_have_text("Camera-trap protocol workshop")
    expect(page.get_by_role("main")).to_contain_text("Dear Sun Mei")
    expect(page.get_by_role("main")).to_contain_text("A common protocol for the border area")
    axe(page)
    _no_sideways_scroll(page)

    # Sending without choosing: an accessible error, nothing saved.
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    axe(page)
    guest.refresh_from_db()
    assert guest.response == "none"

    page.get_by_label("Yes, I will attend").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text("your answer was saved")
    expect(page.get_by_role("main")).to_contain_text("Your answer: Yes, I will attend")
    axe(page)
    _no_sideways_scroll(page)
    guest.refresh_from_db()
    assert guest.response == "yes"

    # The guest changes their mind.
    page.get_by_label("Maybe").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("main")).to_contain_text("Your answer: Maybe")
    guest.refresh_from_db()
    assert guest.response == "maybe"

    # A link cut short in a mail program: a clear page, not an error page.
    response = page.goto(guestlinks.answer_path(guest)[:-12] + "/")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link cannot be used")
    axe(page)
    _no_sideways_scroll(page)
