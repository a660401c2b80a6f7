"""The meeting pages: every form answers bad input with field errors (never a
500), good input with the change and a message."""

import datetime

import pytest
from django.urls import reverse

from documents.models import Document
from meetings import services
from meetings.models import AgendaItem, Invitation, Meeting
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory
from tests.factories.meetings import (
    CommitteeMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PublicEventFactory,
    in_days,
)

pytestmark = pytest.mark.django_db


def schedule_data(team, **extra):
    data = {
        "kind": "group",
        "group": team.group.pk,
        "title": "Winter survey planning",
        "description": "Bring the maps.",
        "time_zone": "Asia/Vladivostok",
        "starts_at": "2030-05-14T14:00",
        "ends_at": "2030-05-14T16:00",
        "venue": "Vladivostok",
        "online_url": "",
        "capacity": "",
    }
    data.update(extra)
    return data


def errors_of(response):
    assert response.status_code == 200
    return response.context["form"].errors


def test_a_lead_schedules_a_meeting_and_the_members_are_invited(team, client):
    client.force_login(team.lead)
    response = client.get(reverse("meetings:new"))
    assert response.status_code == 200
    kinds = [value for value, _label in response.context["form"].fields["kind"].choices]
    assert kinds == ["group", "public"]  # committee meetings are the secretariat's
    response = client.post(reverse("meetings:new"), schedule_data(team), follow=True)
    meeting = Meeting.objects.get()
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert "3 people are invited" in response.content.decode()
    assert meeting.starts_at == datetime.datetime(2030, 5, 14, 4, 0, tzinfo=datetime.UTC)
    assert meeting.invitations.count() == 3


def test_scheduling_for_a_given_group(team, client):
    client.force_login(team.lead)
    url = reverse("meetings:new") + f"?group={team.group.slug}"
    response = client.get(url)
    assert "group" not in response.context["form"].fields
    data = schedule_data(team)
    del data["group"]
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get().group == team.group


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"starts_at": "tomorrow-ish"}, "starts_at", "Enter a valid date/time."),
        ({"ends_at": "2030-05-14T13:00"}, "ends_at", "The end must be after the start."),
        ({"ends_at": "2030-05-14T14:00"}, "ends_at", "The end must be after the start."),
        ({"ends_at": "2030-07-14T14:00"}, "ends_at", "A meeting may last at most 31 days."),
        ({"venue": "", "online_url": ""}, "venue", "Give the venue or an online link (or both)."),
        ({"online_url": "not a link"}, "online_url", "Enter a valid URL."),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        ({"capacity": "many"}, "capacity", "Enter a whole number."),
        ({"time_zone": "Europe/Paris"}, "time_zone", "Select a valid choice."),
        ({"kind": "committee"}, "kind", "Select a valid choice."),
        ({"group": ""}, "group", "Choose the working group that meets."),
        ({"group": "999999"}, "group", "Select a valid choice."),
        ({"title": "x" * 201}, "title", "Ensure this value has at most 200 characters"),
    ],
)
def test_the_scheduling_form_gives_field_errors(team, client, changes, field, message):
    client.force_login(team.lead)
    errors = errors_of(client.post(reverse("meetings:new"), schedule_data(team, **changes)))
    assert any(message in error for error in errors[field]), errors
    assert not Meeting.objects.exists()


def test_a_public_event_without_a_group_is_the_secretariats(team, client):
    client.force_login(team.lead)
    errors = errors_of(
        client.post(reverse("meetings:new"), schedule_data(team, kind="public", group=""))
    )
    assert "only the secretariat" in errors["group"][0]
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    client.force_login(secretariat)
    response = client.post(reverse("meetings:new"), schedule_data(team, kind="public", group=""))
    assert response.status_code == 302
    assert Meeting.objects.get().kind == "public"


def test_people_who_schedule_nothing_get_403(team, client):
    client.force_login(team.member)
    assert client.get(reverse("meetings:new")).status_code == 403
    assert client.post(reverse("meetings:new"), schedule_data(team)).status_code == 403


def test_the_edit_form_gives_field_errors_and_saves(team, client):
    meeting = MeetingFactory(group=team.group, starts_at=in_days(10), ends_at=in_days(10, 16))
    client.force_login(team.lead)
    url = reverse("meetings:edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = schedule_data(team, ends_at="2030-05-14T10:00")
    errors = errors_of(client.post(url, data))
    assert errors["ends_at"] == ["The end must be after the start."]
    InvitationFactory(meeting=meeting, user=team.member, response="yes")
    InvitationFactory(meeting=meeting, user=team.observer, response="yes")
    errors = errors_of(client.post(url, schedule_data(team, capacity="1")))
    assert "2 people already said" in errors["capacity"][0]
    assert client.post(url, schedule_data(team, title="Renamed")).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.title, meeting.sequence) == ("Renamed", 1)
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 200
    client.force_login(team.member)
    assert client.get(url).status_code == 403


def test_a_cancelled_meeting_cannot_be_edited(team, client):
    meeting = MeetingFactory(group=team.group)
    services.meeting_cancel(meeting=meeting, by=team.lead)
    client.force_login(team.lead)
    response = client.post(reverse("meetings:edit", args=[meeting.pk]), schedule_data(team))
    assert response.status_code == 200
    assert "cancelled" in str(response.context["form"].non_field_errors())


def test_cancelling_through_the_page(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.lead)
    url = reverse("meetings:cancel", args=[meeting.pk])
    assert client.get(url).status_code == 200
    errors = errors_of(client.post(url, {"reason": "x" * 501}))
    assert "reason" in errors
    response = client.post(url, {"reason": "Floods"}, follow=True)
    assert "This meeting was cancelled." in response.content.decode()
    errors = errors_of(client.post(url, {"reason": ""}))
    assert "already cancelled" in str(errors)


def test_rsvp_through_the_page_with_a_substitute(team, client):
    """The form offers the fields it asks for: a substitute named by email,
    whatever the organisation (one person alone in theirs included)."""
    meeting = MeetingFactory(group=team.group)
    InvitationFactory(meeting=meeting, user=team.member)
    client.force_login(team.member)
    page = client.get(meeting.get_absolute_url())
    assert 'name="substitute_email"' in page.content.decode()
    url = reverse("meetings:rsvp", args=[meeting.pk])
    response = client.post(url, {"response": "substitute"})
    assert response.status_code == 200
    assert response.context["rsvp_form"].errors["substitute_email"] == [
        "Give the email address of the person who goes in your place."
    ]
    response = client.post(url, {"response": "substitute", "substitute_email": "not an address"})
    assert "substitute_email" in response.context["rsvp_form"].errors
    response = client.post(url, {"response": "perhaps"})
    assert "response" in response.context["rsvp_form"].errors
    response = client.post(
        url,
        {"response": "substitute", "substitute_email": team.outsider.email},
        follow=True,
    )
    page = response.content.decode()
    assert "your answer was saved: I am sending a substitute" in page
    invitation = Invitation.objects.get(meeting=meeting, user=team.member)
    assert invitation.substitute == team.outsider


def test_a_full_meeting_says_so_on_the_form(team, client):
    meeting = MeetingFactory(group=team.group, capacity=1)
    InvitationFactory(meeting=meeting, user=team.lead, response="yes")
    InvitationFactory(meeting=meeting, user=team.member)
    client.force_login(team.member)
    response = client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "yes"})
    assert response.status_code == 200
    assert "The meeting is full" in response.context["rsvp_form"].errors["response"][0]


def test_answers_after_the_start_are_refused_with_a_message(team, client):
    meeting = MeetingFactory(group=team.group, starts_at=in_days(-1), ends_at=in_days(1))
    InvitationFactory(meeting=meeting, user=team.member)
    client.force_login(team.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Answers closed when the meeting started." in page
    response = client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "yes"})
    assert response.status_code == 200
    assert "Answers closed when the meeting started." in response.content.decode()
    assert Invitation.objects.get(meeting=meeting, user=team.member).response == "none"


def test_who_may_answer_besides_the_invitees(team, client):
    meeting = CommitteeMeetingFactory()
    url = reverse("meetings:rsvp", args=[meeting.pk])
    # The committee is invited by right: its members answer without an invitation row.
    committee_member = RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user
    client.force_login(committee_member)
    assert client.post(url, {"response": "yes"}).status_code == 302
    assert Invitation.objects.get(meeting=meeting, user=committee_member).response == "yes"
    # The secretariat sees the committee's meetings but is not invited to this one.
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    client.force_login(secretariat)
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.post(url, {"response": "yes"}).status_code == 403
    # Anyone signed in answers for a public event.
    event = PublicEventFactory()
    client.force_login(team.outsider)
    response = client.post(reverse("meetings:rsvp", args=[event.pk]), {"response": "no"})
    assert response.status_code == 302


def test_inviting_by_email(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.lead)
    url = reverse("meetings:invite", args=[meeting.pk])
    # Without an account: invited as a guest.
    response = client.post(url, {"email": "Nobody@Example.org", "name": "No Body"}, follow=True)
    assert "is invited as a guest" in response.content.decode()
    guest = meeting.guests.get()
    assert (guest.email, guest.name, guest.invited_by) == (
        "nobody@example.org",
        "No Body",
        team.lead,
    )
    response = client.post(url, {"email": "not an address"})
    assert "email" in response.context["invite_form"].errors
    assert client.post(url, {"email": team.outsider.email.upper()}).status_code == 302
    assert Invitation.objects.filter(meeting=meeting, user=team.outsider).exists()
    client.force_login(team.member)
    assert client.post(url, {"email": team.colleague.email}).status_code == 403


def test_the_agenda_page(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.member)
    url = reverse("meetings:agenda", args=[meeting.pk])
    response = client.post(url, {"title": "", "presenter": "", "duration_minutes": "-5"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "duration_minutes"}
    client.post(url, {"title": "Survey results", "presenter": "FRC", "duration_minutes": "30"})
    client.post(url, {"title": "Protocol", "presenter": "", "duration_minutes": ""})
    first, second = AgendaItem.objects.order_by("position")
    move = reverse("meetings:agenda_item_move", args=[meeting.pk, second.pk])
    assert client.post(move, {"direction": "up"}).status_code == 302
    assert list(AgendaItem.objects.order_by("position")) == [second, first]
    remove = reverse("meetings:agenda_item_remove", args=[meeting.pk, first.pk])
    assert client.post(remove).status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Protocol" in page and "Survey results" not in page
    other = MeetingFactory()
    item = AgendaItem.objects.get()
    assert (
        client.post(reverse("meetings:agenda_item_remove", args=[other.pk, item.pk])).status_code
        == 404
    )


def test_the_action_item_form_gives_field_errors(team, client):
    meeting = MeetingFactory(group=team.group)
    InvitationFactory(meeting=meeting, user=team.member)
    client.force_login(team.lead)
    url = reverse("meetings:action_item_add", args=[meeting.pk])
    response = client.post(url, {"title": "Maps", "due_on": "soon"})
    form = response.context["action_form"]
    assert response.status_code == 200
    assert "due_on" in form.errors and "assignee_user" in form.errors
    response = client.post(
        url,
        {
            "title": "Maps",
            "due_on": "2030-01-01",
            "assignee_user": team.member.pk,
            "assignee_organisation": team.organisation.pk,
        },
    )
    assert "not both" in response.context["action_form"].errors["assignee_user"][0]
    response = client.post(
        url, {"title": "Maps", "due_on": "2030-01-01", "assignee_user": team.outsider.pk}
    )
    assert "Select a valid choice" in response.context["action_form"].errors["assignee_user"][0]


def test_minutes_that_are_too_long_are_a_field_error(team, client):
    meeting = MeetingFactory(group=team.group)
    client.force_login(team.lead)
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "x" * 200_001}
    )
    assert response.status_code == 200
    assert "minutes" in response.context["form"].errors


def test_documents_attached_to_a_meeting(team, client):
    meeting = MeetingFactory(group=team.group)
    group_document = Document.objects.create(
        title="Survey protocol", access="group", group=team.group
    )
    public_document = Document.objects.create(title="Annual report", access="public")
    other_group = MeetingFactory().group
    foreign = Document.objects.create(title="Foreign plan", access="group", group=other_group)
    client.force_login(team.lead)
    url = reverse("meetings:document_attach", args=[meeting.pk])
    response = client.post(url, {"document": foreign.pk})
    assert response.status_code == 200
    assert "document" in response.context["attach_form"].errors
    assert client.post(url, {"document": group_document.pk}).status_code == 302
    assert client.post(url, {"document": public_document.pk}).status_code == 302
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Survey protocol" in page and group_document.get_absolute_url() in page
    # A visitor of a public event sees only the documents they may open.
    event = PublicEventFactory(group=team.group)
    event.documents.add(group_document, public_document)
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Annual report" in page and "Survey protocol" not in page
    client.force_login(team.lead)
    detach = reverse("meetings:document_detach", args=[meeting.pk, group_document.pk])
    assert client.post(detach).status_code == 302
    assert list(meeting.documents.all()) == [public_document]


def test_the_list_filters_by_kind_group_and_time(team, client):
    MeetingFactory(group=team.group, title="Coming group meeting")
    MeetingFactory(
        group=team.group,
        title="Old group meeting",
        starts_at=in_days(-10),
        ends_at=in_days(-10, 16),
    )
    PublicEventFactory(title="Festival")
    client.force_login(team.member)

    def titles(query=""):
        response = client.get(reverse("meetings:list") + query)
        assert response.status_code == 200
        return [m.title for m in response.context["page"].object_list]

    assert titles() == ["Coming group meeting", "Festival"] or titles() == [
        "Festival",
        "Coming group meeting",
    ]
    assert titles("?kind=public") == ["Festival"]
    assert titles(f"?group={team.group.slug}") == ["Coming group meeting"]
    assert titles("?when=past") == ["Old group meeting"]
    assert titles("?kind=nonsense") == []  # an invalid filter shows nothing, not an error
    assert titles("?group=no-such-group&page=99") == []


def test_the_events_page_lists_coming_public_events(team, client):
    PublicEventFactory(title="Tiger Festival")
    PublicEventFactory(title="Past festival", starts_at=in_days(-30), ends_at=in_days(-30, 18))
    MeetingFactory(group=team.group, title="Private meeting")
    page = client.get(reverse("meetings:events")).content.decode()
    assert "Tiger Festival" in page
    assert "Past festival" not in page and "Private meeting" not in page
    assert "Past festival" in client.get(reverse("meetings:events") + "?when=past").content.decode()


def test_the_meeting_page_shows_agenda_attendance_and_the_calendar_link(team, client):
    meeting = MeetingFactory(group=team.group, title="Survey planning", capacity=10)
    AgendaItem.objects.create(
        meeting=meeting, title="Transects", presenter="FRC", duration_minutes=30
    )
    InvitationFactory(meeting=meeting, user=team.member, response="yes")
    InvitationFactory(meeting=meeting, user=team.lead, response="maybe")
    client.force_login(team.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Transects — FRC" in page
    assert "1 of 10 places taken" in page
    assert "1 maybe" in page
    assert meeting.get_ics_url() in page
    assert "Your answer:" in page


def test_pages_of_a_missing_meeting(client, team):
    client.force_login(team.member)
    for name in ("meeting", "edit", "cancel", "agenda", "minutes"):
        assert client.get(reverse(f"meetings:{name}", args=[999999])).status_code == 404
    assert client.post(reverse("meetings:action_item_close", args=[999999])).status_code == 404


def test_public_event_pages_are_cached_for_visitors_until_the_event_changes(team, client):
    from django.test import override_settings

    event = PublicEventFactory(title="Tiger Festival")
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        for url in (event.get_absolute_url(), reverse("meetings:events")):
            assert client.get(url)["X-Page-Cache"] == "miss"
            assert client.get(url)["X-Page-Cache"] == "hit"
        services.rsvp_respond(meeting=event, user=team.member, response="yes")
        response = client.get(event.get_absolute_url())
        assert response["X-Page-Cache"] == "miss"
        private = MeetingFactory(group=team.group)
        response = client.get(private.get_absolute_url())
        assert response.status_code == 302 and "X-Page-Cache" not in response
