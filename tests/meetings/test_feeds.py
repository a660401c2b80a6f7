"""Each user's personal calendar feed lives at a secret, revocable address and
lists the meetings they are invited to."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import CalendarFeed
from tests.factories.meetings import InvitationFactory, MeetingFactory, PublicEventFactory

pytestmark = pytest.mark.django_db


def uids(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}


def uid(meeting):
    return f"{meeting.uid}@partnership-portal"


def test_the_personal_feed_lists_only_the_meetings_one_is_invited_to(team, client):
    invited = MeetingFactory(group=team.group, title="Invited")
    InvitationFactory(meeting=invited, user=team.member)
    visible_not_invited = MeetingFactory(group=team.group, title="Group meeting, no invitation")
    PublicEventFactory(title="Public, not answered")
    answered = PublicEventFactory(title="Public, answered")
    services.rsvp_respond(meeting=answered, user=team.member, response="yes")
    cancelled = MeetingFactory(group=team.group, title="Cancelled")
    InvitationFactory(meeting=cancelled, user=team.member)
    services.meeting_cancel(meeting=cancelled, by=team.lead)
    MeetingFactory(title="Another group's")

    feed = services.calendar_feed_for(user=team.member)
    response = client.get(feed.get_absolute_url())  # no sign-in: the token is the key
    assert uids(response) == {uid(invited), uid(answered), uid(cancelled)}
    assert uid(visible_not_invited) not in uids(response)
    events = {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert str(events[uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert response["Cache-Control"] == "private, no-store"


def test_rotating_the_address_retires_the_old_one(team, client):
    InvitationFactory(meeting=MeetingFactory(group=team.group), user=team.member)
    old = services.calendar_feed_for(user=team.member).get_absolute_url()
    assert client.get(old).status_code == 200

    client.force_login(team.member)
    response = client.post(reverse("meetings:calendar_rotate"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=team.member).get_absolute_url()
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_tokens_and_disabled_accounts_get_404(team, client):
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    feed = services.calendar_feed_for(user=team.member)
    team.member.is_active = False
    team.member.save(update_fields=["is_active"])
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_the_calendar_page_shows_the_address_to_its_owner_only(team, client):
    response = client.get(reverse("meetings:calendar"))
    assert response.status_code == 302  # sign in first
    client.force_login(team.member)
    page = client.get(reverse("meetings:calendar")).content.decode()
    feed = CalendarFeed.objects.get(user=team.member)
    assert feed.token in page
    assert "webcal://" in page
    client.force_login(team.lead)
    assert feed.token not in client.get(reverse("meetings:calendar")).content.decode()


def test_a_substitute_has_the_meeting_in_their_feed(team, client):
    meeting = MeetingFactory(group=team.group)
    InvitationFactory(meeting=meeting, user=team.member)
    services.rsvp_respond(
        meeting=meeting, user=team.member, response="substitute", substitute=team.colleague
    )
    feed = services.calendar_feed_for(user=team.colleague)
    assert uids(client.get(feed.get_absolute_url())) == {uid(meeting)}
