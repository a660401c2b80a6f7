"""Times are typed in the venue's zone, stored as UTC instants and shown in
both the venue's zone and the viewer's."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.forms import MeetingForm
from meetings.models import Meeting, VenueTimeZone
from meetings.templatetags.meeting_tags import when
from tests.factories.meetings import MeetingFactory, PublicEventFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
VLADIVOSTOK = zoneinfo.ZoneInfo("Asia/Vladivostok")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(hour, zone=VLADIVOSTOK, day=datetime.date(2027, 3, 10)):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


def test_14_00_in_vladivostok_is_12_00_in_beijing_and_04_00_utc():
    start = at(14)
    assert start.astimezone(SHANGHAI).strftime("%H:%M") == "12:00"
    assert start.astimezone(UTC) == datetime.datetime(2027, 3, 10, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize("typist_zone", ["Asia/Shanghai", "Europe/London", "America/New_York"])
def test_the_form_reads_times_in_the_venue_zone_whoever_types(team, typist_zone):
    """The lead types 14:00 for a Vladivostok venue: it is 04:00 UTC, whatever
    zone the lead's own profile (the active zone) is in."""
    with timezone.override(zoneinfo.ZoneInfo(typist_zone)):
        form = MeetingForm(
            {
                "kind": "group",
                "group": team.group.pk,
                "title": "Survey planning",
                "time_zone": "Asia/Vladivostok",
                "starts_at": "2027-03-10T14:00",
                "ends_at": "2027-03-10T16:00",
                "venue": "Vladivostok",
            },
            kinds=[Meeting.Kind.GROUP],
            groups=team.group.__class__.objects.all(),
        )
        assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == datetime.datetime(2027, 3, 10, 4, 0, tzinfo=UTC)
    assert form.cleaned_data["ends_at"] == datetime.datetime(2027, 3, 10, 6, 0, tzinfo=UTC)


def test_the_edit_form_shows_the_venue_wall_clock_time(team):
    meeting = MeetingFactory(group=team.group, starts_at=at(14), ends_at=at(16))
    with timezone.override(SHANGHAI):
        form = MeetingForm(meeting=meeting)
        html = str(form["starts_at"])
    assert 'value="2027-03-10T14:00"' in html


def test_when_shows_the_venue_time_and_the_viewer_time():
    meeting = Meeting(
        title="x",
        starts_at=at(14),
        ends_at=at(16),
        time_zone=VenueTimeZone.VLADIVOSTOK,
    )
    shown = when(meeting, SHANGHAI)
    assert shown["venue_text"].endswith("14:00–16:00")
    assert shown["venue_label"] == "Vladivostok"
    assert shown["viewer_text"].endswith("12:00–14:00")
    assert shown["viewer_label"] == "Beijing"
    assert shown["start_iso"] == "2027-03-10T04:00:00Z"
    assert not shown["same_zone"]


def test_a_meeting_over_midnight_names_both_days():
    meeting = Meeting(
        title="x",
        starts_at=at(23, SHANGHAI),
        ends_at=at(23, SHANGHAI) + datetime.timedelta(hours=3),
        time_zone=VenueTimeZone.BEIJING,
    )
    shown = when(meeting, SHANGHAI)
    assert "23:00 – " in shown["venue_text"] and shown["venue_text"].endswith("02:00")


def test_a_beijing_member_sees_12_00_and_14_00_vladivostok(team, client):
    meeting = MeetingFactory(group=team.group, starts_at=at(14), ends_at=at(16))
    assert team.member.time_zone == "Asia/Shanghai"
    client.force_login(team.member)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "14:00–16:00</time> Vladivostok time" in page
    assert "12:00–14:00 your time, Beijing" in page
    assert 'datetime="2027-03-10T04:00:00Z"' in page


def test_a_viewer_in_the_venue_zone_sees_one_time(team, client):
    team.lead.time_zone = "Asia/Vladivostok"
    team.lead.save(update_fields=["time_zone"])
    meeting = MeetingFactory(group=team.group, starts_at=at(14), ends_at=at(16))
    client.force_login(team.lead)
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert "14:00–16:00</time> Vladivostok time" in page
    assert "your time, " not in page
    assert "(your time)" in page


def test_visitors_see_public_events_in_the_venue_zone_and_utc(client):
    event = PublicEventFactory(starts_at=at(14), ends_at=at(16))
    page = client.get(reverse("meetings:meeting", args=[event.pk])).content.decode()
    assert "14:00–16:00</time> Vladivostok time" in page
    assert "04:00–06:00 UTC" in page
