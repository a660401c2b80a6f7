"""The notification list and the notification settings in a real browser, as
a signed-in member: axe-core finds nothing on a desktop and a 390 px phone,
the header says how many notifications are unread in words a screen reader
reads out, and "Mark all as read" works with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def member(transactional_db):
    user = UserFactory(full_name="Olga Member")
    for kind, title in [
        (Notification.Kind.DOCUMENT_ADDED, "Document added to Joint survey: Camera-trap protocol"),
        (Notification.Kind.ACTION_ITEM_ASSIGNED, "Action item for you: Order 40 camera traps"),
        (Notification.Kind.WORKPLAN_DECIDED, "Work plan approved: Plan 2027 — v1"),
    ]:
        Notification.objects.create(user=user, kind=kind, title=title, body="", url="/")
    Notification.objects.create(
        user=user,
        kind=Notification.Kind.MEETING_SCHEDULED,
        title="New meeting: Winter survey planning",
        url="/",
        read_at="2026-01-01T00:00:00Z",
    )
    return user


def _header_link(page):
    return page.get_by_role("banner").get_by_role("link", name=re.compile("notification", re.I))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_list_and_settings_pass_axe(member, new_page, axe, viewport):
    page = new_page(session_user=member, viewport=viewport)
    page.goto("/notifications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("main")).to_contain_text("Order 40 camera traps")
    axe(page)
    page.goto("/notifications/preferences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notification settings")
    axe(page)


def test_unread_count_is_announced_in_words(member, new_page):
    page = new_page(session_user=member, viewport=DESKTOP)
    page.goto("/notifications/")
    # The link's accessible name is the whole sentence, not a bare "3".
    expect(_header_link(page)).to_have_accessible_name("3 unread notifications")
    # Each unread entry says so in text, not by colour or weight alone.
    unread = page.get_by_role("main").get_by_role("listitem").filter(has_text="Unread:")
    expect(unread).to_have_count(3)


def test_mark_all_read_with_the_keyboard_only(member, new_page, axe):
    page = new_page(session_user=member, viewport=DESKTOP)
    page.goto("/notifications/")
    button = page.get_by_role("button", name="Mark all as read")
    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the “Mark all as read” button")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("3 notifications marked as read.")
    expect(_header_link(page)).to_have_accessible_name("Notifications")
    expect(page.get_by_role("main").get_by_text("Unread:")).to_have_count(0)
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    axe(page)


def test_alert_choices_by_keyboard_on_a_phone(member, new_page, axe):
    """Each kind of notice is a group of radio buttons named by its legend;
    the choice is made and saved without a mouse."""
    from notifications.services import alert_choices

    page = new_page(session_user=member, viewport=PHONE)
    page.goto("/notifications/preferences/")
    group = page.get_by_role("group", name="Requests to join a group you lead")
    expect(group.get_by_role("radio", name="At once by email")).to_be_checked()
    group.get_by_role("radio", name="At once by email").focus()
    page.keyboard.press("ArrowDown")  # to "In the digest"
    expect(group.get_by_role("radio", name="In the digest")).to_be_checked()
    axe(page)
    page.get_by_role("button", name="Save").press("Enter")
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "Your notification settings were saved."
    )
    assert alert_choices(member)["join_request"] == "digest"
    assert alert_choices(member)["awaits_decision"] == "at_once"


def test_an_application_with_a_question_passes_axe_on_a_phone(new_page, axe, transactional_db):
    from stakeholders import services as member_services
    from stakeholders.models import Role
    from tests.factories import ApplicationFactory, RoleAssignmentFactory

    focal = RoleAssignmentFactory(role=Role.FOCAL_POINT, country__code="CN").user
    application = ApplicationFactory(country=focal.role_assignments.get().country)
    member_services.application_request_information(
        application=application, asked_by=focal, question="Which villages?"
    )
    member_services.application_resubmit(
        application=application,
        by=application.applicant,
        answer="Three villages near Hunchun.",
        fields={"motivation": "Snare removal every winter."},
    )
    member_services.application_request_information(
        application=application, asked_by=focal, question="And the reserve?"
    )
    page = new_page(session_user=application.applicant, viewport=PHONE)
    page.goto(application.get_absolute_url())
    expect(page.get_by_role("heading", name="Questions and answers")).to_be_visible()
    expect(page.get_by_role("heading", name="Answer and send again")).to_be_visible()
    axe(page)
    page.get_by_label("Your answer").fill("With the Hunchun reserve.")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("main")).to_contain_text("With the Hunchun reserve.")
    axe(page)
