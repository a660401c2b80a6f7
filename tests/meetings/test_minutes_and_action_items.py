"""Minutes are sanitised rich text; action items from them stay on the group's
page and the assignee's dashboard until someone closes them."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from common.sanitize import clean_minutes
from meetings import selectors, services
from meetings.models import ActionItem, Meeting
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.meetings import ActionItemFactory, InvitationFactory, MeetingFactory, in_days

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<h3 onclick="steal()">Decisions</h3>'
    "<script>alert('x')</script>"
    '<p style="color:red">Survey <strong>in March</strong> <em>both sides</em>.</p>'
    '<ul><li><a href="javascript:alert(1)">bad link</a></li>'
    '<li><a href="https://leopard-land.ru/" target="_blank" onmouseover="x()">good</a></li>'
    "</ul>"
    '<img src="x" onerror="alert(2)"><iframe src="https://evil.example"></iframe>'
    "<blockquote>Quote<br>line</blockquote><h1>Big</h1>"
    '<table border="1" style="width:100%"><tr><td colspan="2">cell</td></tr></table>'
)


def test_minutes_keep_structure_and_lose_everything_that_runs():
    clean = clean_minutes(HOSTILE)
    for gone in ("<script", "alert(", "onclick", "onmouseover", "onerror", "style=", "<img",
                 "<iframe", "javascript:", "target=", "<h1", "border=", "colspan"):  # fmt: skip
        assert gone not in clean, gone
    for kept in ("<h3>Decisions</h3>", "<strong>in March</strong>", "<em>both sides</em>",
                 '<a href="https://leopard-land.ru/"', "<blockquote>Quote<br>line</blockquote>",
                 "Big", "<table><tbody><tr><td>cell</td></tr></tbody></table>"):  # fmt: skip
        assert kept in clean, kept


def test_the_minutes_page_saves_sanitised_html(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.member)  # members keep their group's minutes
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": HOSTILE})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert "<script" not in meeting.minutes and "onclick" not in meeting.minutes
    assert meeting.minutes_updated_by == team.member
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<strong>in March</strong>" in page
    assert "alert(" not in page


def test_minutes_are_sanitised_again_when_shown(team, client):
    """Even minutes that bypassed the service (a data import, the shell) run nothing."""
    meeting = MeetingFactory(group=team.group)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes='<p onclick="x()">Hi</p><script>x()</script>'
    )
    client.force_login(team.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<p>Hi</p>" in page
    assert "onclick" not in page and "<script>x()" not in page


def test_observers_read_minutes_but_do_not_write_them(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.observer)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:minutes", args=[meeting.pk])).status_code == 403
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "<p>x</p>"})
    assert response.status_code == 403


def test_open_action_items_show_for_the_group_and_the_assignee_until_closed(team, client):
    meeting = MeetingFactory(group=team.group)
    InvitationFactory(meeting=meeting, user=team.member)
    client.force_login(team.lead)
    response = client.post(
        reverse("meetings:action_item_add", args=[meeting.pk]),
        {
            "title": "Send the transect maps",
            "assignee_user": team.member.pk,
            "due_on": (timezone.localdate() + datetime.timedelta(days=10)).isoformat(),
        },
    )
    assert response.status_code == 302
    for_member = services.action_item_add(
        meeting=meeting,
        by=team.lead,
        title="Draft the camera-trap protocol",
        due_on=in_days(20).date(),
        assignee_organisation=team.organisation,
    )
    by_member = ActionItem.objects.get(title="Send the transect maps")
    assert list(selectors.open_action_items_for_group(team.group)) == [by_member, for_member]
    # The member has both: one to them, one to their organisation; so does
    # their colleague for the organisation's; the lead has none.
    assert set(selectors.open_action_items_for_user(team.member)) == {by_member, for_member}
    assert list(selectors.open_action_items_for_user(team.colleague)) == [for_member]
    assert not selectors.open_action_items_for_user(team.lead).exists()

    # The colleague closes the organisation's item from their dashboard.
    client.force_login(team.colleague)
    response = client.post(
        reverse("meetings:action_item_close", args=[for_member.pk]), {"next": "/dashboard/"}
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    for_member.refresh_from_db()
    assert not for_member.is_open and for_member.closed_by == team.colleague
    assert list(selectors.open_action_items_for_group(team.group)) == [by_member]
    assert list(selectors.open_action_items_for_user(team.member)) == [by_member]
    assert not selectors.open_action_items_for_user(team.colleague).exists()


def test_who_may_close_an_action_item(team, client):
    meeting = MeetingFactory(group=team.group)
    item = ActionItemFactory(meeting=meeting, assignee_user=team.member)
    url = reverse("meetings:action_item_close", args=[item.pk])
    client.force_login(team.observer)  # sees it, may not close it
    assert client.post(url).status_code == 403
    client.force_login(team.outsider)  # does not even see it
    assert client.post(url).status_code == 404
    client.force_login(team.member)
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert not item.is_open
    # Closing again is a message, not an error page.
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "already closed" in response.content.decode()


def test_leads_close_any_action_item_of_their_groups_meetings(team):
    item = ActionItemFactory(meeting=MeetingFactory(group=team.group), assignee_user=UserFactory())
    services.action_item_close(item=item, by=team.lead)
    item.refresh_from_db()
    assert item.closed_by == team.lead


def test_the_next_address_after_closing_stays_on_the_site(team, client):
    item = ActionItemFactory(meeting=MeetingFactory(group=team.group), assignee_user=team.member)
    client.force_login(team.member)
    response = client.post(
        reverse("meetings:action_item_close", args=[item.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == item.meeting.get_absolute_url()


def test_the_action_items_include_lists_items_with_close_buttons_for_those_allowed(team):
    item = ActionItemFactory(
        meeting=MeetingFactory(group=team.group, title="Survey planning"),
        title="Send the maps",
        assignee_organisation=OrganisationFactory(name="Feline Research Center"),
        assignee_user=None,
    )
    request = RequestFactory().get("/dashboard/")
    request.user = team.lead
    html = render_to_string(
        "meetings/_action_items.html",
        {"action_items": [item], "user": team.lead, "request": request},
    )
    assert "Send the maps" in html and "Feline Research Center" in html
    assert reverse("meetings:action_item_close", args=[item.pk]) in html
    assert item.meeting.get_absolute_url() in html
    request.user = team.outsider
    html = render_to_string(
        "meetings/_action_items.html",
        {"action_items": [item], "user": team.outsider, "request": request},
    )
    assert reverse("meetings:action_item_close", args=[item.pk]) not in html
    assert item.meeting.get_absolute_url() not in html  # the meeting is not theirs to see
    assert "No open action items." in render_to_string(
        "meetings/_action_items.html", {"action_items": [], "user": team.outsider}
    )


def test_the_group_page_shows_its_open_action_items_to_members(team, client):
    item = ActionItemFactory(
        meeting=MeetingFactory(group=team.group), title="Send the maps", assignee_user=team.member
    )
    client.force_login(team.observer)
    page = client.get(team.group.get_absolute_url()).content.decode()
    assert "Send the maps" in page
    services.action_item_close(item=item, by=team.member)
    page = client.get(team.group.get_absolute_url()).content.decode()
    assert "Send the maps" not in page
