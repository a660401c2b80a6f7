"""The meeting list and the events page run a fixed number of queries,
whatever the number of meetings (here 3 and 30)."""

import pytest
from django.core.cache import cache
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


def _fill(meeting, team, count):
    """`count` more invitees (half with an answer), agenda items, action
    items (for a person and for an organisation) and attached documents."""
    import datetime

    from documents.models import Document
    from tests.factories import OrganisationFactory, UserFactory

    for n in range(count):
        answer = "yes" if n % 2 else "none"
        InvitationFactory(meeting=meeting, user=UserFactory(), response=answer)
        services.agenda_item_add(meeting=meeting, by=team.lead, title=f"Item {n}")
        services.action_item_add(
            meeting=meeting,
            by=team.lead,
            title=f"Action {n}",
            due_on=datetime.date(2027, 1, 1 + n),
            **(
                {"assignee_user": team.member}
                if n % 2
                else {"assignee_organisation": OrganisationFactory()}
            ),
        )
        document = Document.objects.create(title=f"Paper {n}", access="group", group=team.group)
        services.meeting_document_attach(meeting=meeting, by=team.lead, document=document)


@pytest.mark.parametrize("who", ["lead", "member", "observer"])
def test_the_meeting_page_queries_do_not_grow(team, client, who):
    meeting = MeetingFactory(group=team.group)
    InvitationFactory(meeting=meeting, user=team.member)
    InvitationFactory(meeting=meeting, user=team.lead)
    InvitationFactory(meeting=meeting, user=team.observer)
    _fill(meeting, team, 2)
    client.force_login(getattr(team, who))
    url = meeting.get_absolute_url()
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(meeting, team, 20)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url)
    assert page.status_code == 200
    assert "Item 19" in page.content.decode()
    assert len(small) == len(large), (len(small), len(large))


def test_a_public_event_page_for_visitors_queries_do_not_grow(team, client):
    event = PublicEventFactory(group=team.group)
    _fill(event, team, 2)
    url = event.get_absolute_url()
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(event, team, 20)
    cache.clear()  # rendered again, not served from the page cache
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large), (len(small), len(large))
