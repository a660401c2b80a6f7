"""`/meetings/<id>.ics` is a valid iCalendar event: parsed with the
`icalendar` library, it has the right UTC instants, a UID that survives
edits, a SEQUENCE that goes up, a URL back and a reminder; once cancelled it
is a METHOD:CANCEL."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from tests.factories.meetings import AgendaItemFactory, MeetingFactory, PublicEventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
VLADIVOSTOK = zoneinfo.ZoneInfo("Asia/Vladivostok")


# A day some months ahead of whatever day the tests run on (Vladivostok has no
# daylight saving time, so 14:00 there is always 04:00 UTC).
DAY = datetime.date.today() + datetime.timedelta(days=100)
NEXT_DAY = DAY + datetime.timedelta(days=1)


def utc(hour, minute=0, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=UTC)


def at(hour, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=VLADIVOSTOK)


def download(client, meeting):
    response = client.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, Calendar.from_ical(response.content)


@pytest.fixture
def meeting(team):
    meeting = MeetingFactory(
        group=team.group,
        title="Winter survey planning",
        description="Bring the transect maps.",
        starts_at=at(14),
        ends_at=at(16),
        online_url="https://meet.example.org/survey",
    )
    AgendaItemFactory(meeting=meeting, title="Snow-track results", presenter="Land of the Leopard")
    return meeting


def test_the_calendar_entry_parses_with_the_right_utc_instants(team, client, meeting):
    client.force_login(team.member)
    response, calendar = download(client, meeting)
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    assert calendar["VERSION"] == "2.0"
    assert "Partnership Portal" in str(calendar["PRODID"])
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == utc(4)
    assert event.decoded("DTEND") == utc(6)
    assert f"DTSTART:{DAY:%Y%m%d}T040000Z".encode() in response.content  # written in UTC
    assert str(event["UID"]) == f"{meeting.uid}@partnership-portal"
    assert event["SEQUENCE"] == 0
    assert str(event["SUMMARY"]) == "Winter survey planning"
    assert str(event["LOCATION"]) == meeting.venue
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["URL"]) == settings.SITE_URL.rstrip("/") + f"/meetings/{meeting.pk}/"
    assert "DTSTAMP" in event
    description = str(event["DESCRIPTION"])
    assert "Bring the transect maps." in description
    assert "Snow-track results (Land of the Leopard)" in description
    assert "Asia/Vladivostok" in description and "14:00" in description
    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -datetime.timedelta(hours=1)


def test_an_edit_keeps_the_uid_and_raises_the_sequence(team, client, meeting):
    team.lead.time_zone = "Asia/Vladivostok"
    team.lead.save(update_fields=["time_zone"])
    client.force_login(team.lead)
    _response, before = download(client, meeting)
    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "title": meeting.title,
            "description": meeting.description,
            "time_zone": "Asia/Vladivostok",
            "starts_at": f"{NEXT_DAY}T09:30",
            "ends_at": f"{NEXT_DAY}T12:00",
            "venue": meeting.venue,
            "online_url": meeting.online_url,
            "capacity": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    _response, after = download(client, meeting)
    (old,), (new,) = before.walk("VEVENT"), after.walk("VEVENT")
    assert str(new["UID"]) == str(old["UID"])
    assert new["SEQUENCE"] == old["SEQUENCE"] + 1
    assert new.decoded("DTSTART") == utc(23, 30)


def test_a_cancelled_meeting_is_a_cancel(team, client, meeting):
    services.meeting_cancel(meeting=meeting, by=team.lead, reason="Floods")
    client.force_login(team.member)
    _response, calendar = download(client, meeting)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"{meeting.uid}@partnership-portal"
    assert not event.walk("VALARM")  # nothing to be reminded of


def test_an_online_meeting_gives_its_link_as_the_location(team, client):
    meeting = MeetingFactory(
        group=team.group, venue="", online_url="https://meet.example.org/x", time_zone="UTC"
    )
    client.force_login(team.member)
    _response, calendar = download(client, meeting)
    (event,) = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == "https://meet.example.org/x"


def test_the_calendar_entry_is_as_protected_as_the_meeting(team, client, meeting):
    url = reverse("meetings:meeting_ics", args=[meeting.pk])
    client.force_login(team.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    # A public event's entry is for everyone.
    event = PublicEventFactory()
    assert client.get(reverse("meetings:meeting_ics", args=[event.pk])).status_code == 200
    assert client.get("/meetings/999999.ics").status_code == 302  # nothing leaks


def test_the_public_event_feed_lists_public_events_only(team, client):
    event = PublicEventFactory(title="Tiger Festival")
    MeetingFactory(group=team.group, title="Private meeting")
    old = PublicEventFactory(
        title="Long ago",
        starts_at=datetime.datetime(2020, 1, 1, 10, tzinfo=UTC),
        ends_at=datetime.datetime(2020, 1, 1, 12, tzinfo=UTC),
    )
    response = client.get(reverse("meetings:events_ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert uids == {f"{event.uid}@partnership-portal"}
    assert f"{old.uid}@partnership-portal" not in uids
    assert Meeting.objects.count() == 3
