"""The meeting list and the events page run a fixed number of queries,
whatever the number of meetings (here 3 and 30)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings import services
from tests.factories.meetings import InvitationFactory, MeetingFactory, PublicEventFactory

pytestmark = pytest.mark.django_db


def make_meetings(team, count):
    for n in range(count):
        meeting = MeetingFactory(group=team.group, title=f"Group meeting {n}")
        InvitationFactory(meeting=meeting, user=team.member, response="yes")
        InvitationFactory(meeting=meeting, user=team.lead)
        event = PublicEventFactory(title=f"Event {n}")
        services.rsvp_respond(meeting=event, user=team.member, response="maybe")


def queries(client, url, expect):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == expect
    return len(captured)


@pytest.mark.parametrize(
    ("url", "per_batch"),
    [
        (reverse("meetings:list"), 2),
        (reverse("meetings:list") + "?kind=group", 1),
        (reverse("meetings:events"), 1),
    ],
)
def test_list_queries_do_not_grow_with_the_meetings(team, client, url, per_batch):
    client.force_login(team.member)
    make_meetings(team, 3)
    client.get(url)  # warm up (content types, sessions)
    small = queries(client, url, expect=3 * per_batch)
    make_meetings(team, 27)  # 30 of each now: one page of 25 cards
    large = queries(client, url, expect=min(30 * per_batch, 25))
    assert small == large, (small, large)


def test_the_events_page_for_visitors_is_cheap_too(team, client):
    make_meetings(team, 3)
    client.get(reverse("meetings:events"))
    small = queries(client, reverse("meetings:events"), expect=3)
    make_meetings(team, 27)
    assert queries(client, reverse("meetings:events"), expect=25) == small
    assert small <= 4, small


def test_the_events_feed_queries_do_not_grow(team, client):
    make_meetings(team, 3)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("meetings:events_ics"))
    make_meetings(team, 27)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("meetings:events_ics"))
    assert len(small) == len(large)
