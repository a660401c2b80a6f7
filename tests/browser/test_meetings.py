"""Meetings in a real browser: a lead in Vladivostok schedules a meeting at
14:00 local time through the form; a member whose profile is on Beijing time
sees it at 12:00, answers "yes" and downloads the calendar entry, which
parses with the right UTC instant. axe-core checks every meeting page.

Locators go by role and label, so the test also proves the pages' labels."""

import datetime
import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from meetings.models import Invitation, Meeting
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.meetings import PublicEventFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.browser

TITLE = "Winter snow-track survey planning"


@pytest.fixture
def group(transactional_db):
    group = WorkingGroupFactory(name="Joint survey and monitoring", slug="joint-survey-monitoring")
    lead = add_member(
        group,
        GroupRole.LEAD,
        user=UserFactory(full_name="Lena Orlova", time_zone="Asia/Vladivostok"),
        organisation=OrganisationFactory(name="Land of the Leopard National Park"),
    ).user
    member = add_member(
        group,
        GroupRole.MEMBER,
        user=UserFactory(full_name="Li Na", time_zone="Asia/Shanghai"),
        organisation=OrganisationFactory(name="Feline Research Center"),
    ).user
    return group, lead, member


def test_lead_schedules_in_vladivostok_time_and_a_beijing_member_answers(group, new_page, axe):
    group, lead, member = group
    day = datetime.date.today() + datetime.timedelta(days=16)

    # The lead opens the meetings list and the scheduling form.
    page = new_page(session_user=lead)
    page.goto("/meetings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Meetings")
    axe(page)
    page.get_by_role("main").get_by_role("link", name="Schedule a meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule a meeting")
    axe(page)

    # Sending it empty gives errors, accessibly.
    page.get_by_role("button", name="Schedule the meeting").click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    title = page.get_by_label("Title")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(title).to_have_accessible_description("This field is required.")
    axe(page)

    # The lead schedules the meeting at 14:00 Vladivostok time.
    page.get_by_label("Working group").select_option(label="Joint survey and monitoring")
    title.fill(TITLE)
    page.get_by_label("Time zone of the venue").select_option(label="Vladivostok")
    page.get_by_label("Starts (venue time)").fill(f"{day.isoformat()}T14:00")
    page.get_by_label("Ends (venue time)").fill(f"{day.isoformat()}T16:00")
    page.get_by_role("textbox", name=re.compile(r"^Venue:?$")).fill(
        "Land of the Leopard National Park office, Vladivostok"
    )
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status")).to_contain_text("The meeting is scheduled")
    expect(page.get_by_role("main")).to_contain_text("14:00–16:00 Vladivostok time")
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.starts_at == datetime.datetime.combine(
        day, datetime.time(4, 0), tzinfo=datetime.UTC
    )

    # The member, on Beijing time, sees it two hours earlier on the clock.
    page = new_page(session_user=member)
    page.goto("/meetings/")
    page.get_by_role("link", name=TITLE).click()
    when = page.get_by_role("definition").filter(has_text="Vladivostok time")
    expect(when).to_contain_text("14:00–16:00 Vladivostok time")
    expect(when).to_contain_text("12:00–14:00 your time, Beijing")
    axe(page)

    # ...answers "yes" and sees the confirmation.
    page.get_by_role("group", name="Your answer").get_by_label("Yes, I will attend").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Thank you, your answer was saved: Yes, I will attend."
    )
    expect(page.locator("#your-answer")).to_contain_text("Yes, I will attend")
    assert Invitation.objects.get(meeting=meeting, user=member).response == "yes"
    axe(page)

    # The calendar entry downloaded from the page has the right UTC instant.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to your calendar (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"meeting-{meeting.pk}.ics"
    calendar = Calendar.from_ical(open(download.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        day, datetime.time(4, 0), tzinfo=datetime.UTC
    )
    assert event.decoded("DTEND") == datetime.datetime.combine(
        day, datetime.time(6, 0), tzinfo=datetime.UTC
    )
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["URL"]).endswith(meeting.get_absolute_url())


def test_a_wrong_end_time_is_an_accessible_error(group, new_page, axe):
    group, lead, _member = group
    page = new_page(session_user=lead)
    page.goto(f"/meetings/new/?group={group.slug}")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Starts (venue time)").fill("2030-05-14T14:00")
    page.get_by_label("Ends (venue time)").fill("2030-05-14T13:00")
    page.get_by_role("textbox", name=re.compile(r"^Venue:?$")).fill("Vladivostok")
    page.get_by_role("button", name="Schedule the meeting").click()
    expect(page.get_by_role("alert")).to_be_focused()
    ends = page.get_by_label("Ends (venue time)")
    expect(ends).to_have_attribute("aria-invalid", "true")
    expect(ends).to_have_accessible_description("The end must be after the start.")
    axe(page)


def test_events_page_and_a_public_event_have_no_axe_violations(group, page, axe):
    event = PublicEventFactory(
        title="Tiger Festival", venue="Hunchun city square", time_zone="Asia/Shanghai"
    )
    page.goto("/events/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    expect(page.get_by_role("main")).to_contain_text("Tiger Festival")
    axe(page)
    page.get_by_role("link", name="Tiger Festival").click()
    expect(page).to_have_url(re.compile(rf"/meetings/{event.pk}/$"))
    expect(page.get_by_role("main")).to_contain_text("Sign in to answer")
    axe(page)


def test_minutes_agenda_and_calendar_pages_have_no_axe_violations(group, new_page, axe):
    group, lead, member = group
    from meetings import services
    from tests.factories.meetings import in_days

    meeting = services.meeting_schedule(
        by=lead,
        kind="group",
        group=group,
        title=TITLE,
        starts_at=in_days(10),
        ends_at=in_days(10, 16),
        time_zone="Asia/Vladivostok",
        venue="Vladivostok",
    )
    services.agenda_item_add(meeting=meeting, by=lead, title="Transects", presenter="FRC")
    services.action_item_add(
        meeting=meeting,
        by=lead,
        title="Send the maps",
        due_on=datetime.date.today() + datetime.timedelta(days=5),
        assignee_user=member,
    )
    page = new_page(session_user=lead)
    for path in (
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/agenda/",
        f"/meetings/{meeting.pk}/minutes/",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}/cancel/",
        "/calendar/",
    ):
        response = page.goto(path)
        assert response.status == 200, path
        axe(page)
    # The action item form with errors.
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_role("button", name="Add the action item").click()
    expect(page.get_by_role("alert")).to_be_focused()
    axe(page)
