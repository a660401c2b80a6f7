"""Guests: people invited to a meeting by email address, without an account.

They get the invitation (iMIP, with the calendar file) once, answer through
their personal signed link, hear of changes and cancellations, may be given
action items; a link that was altered, has expired or whose invitation was
withdrawn gets a clear page with a 4xx, never a 500.
"""

import datetime
import email

import pytest
from django.core import signing
from django.urls import reverse

from meetings import guestlinks, selectors, services
from meetings.models import ActionItem, GuestInvitation
from notifications.models import DeliveryState, GuestMailDelivery
from notifications.tasks import send_guest_meeting_mail
from tests.factories.meetings import GuestInvitationFactory, MeetingFactory
from tests.meetings.test_services import in_days, schedule


@pytest.fixture
def invite(team, django_capture_on_commit_callbacks):
    def invite(meeting, address="expert@university.example", **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return services.meeting_invite_by_email(
                meeting=meeting, by=team.lead, email=address, **fields
            )

    return invite


def _answer_link(message) -> str:
    (link,) = [word for word in message.body.split() if "/meetings/guest/" in word]
    return link


def test_a_guest_gets_one_invitation_with_its_calendar_and_answer_link(
    team, invite, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = schedule(team)
    mailoutbox.clear()
    guest, added = invite(meeting, "Expert@University.Example", name="Ivan  Expert", language="ru")
    assert added and guest.email == "expert@university.example" and guest.name == "Ivan Expert"
    (message,) = mailoutbox
    assert message.to == ["expert@university.example"]
    assert "Приглашение" in message.subject  # the guest's language
    assert "Ivan Expert" in message.body
    calendars = [part for part in message.alternatives if part[1].startswith("text/calendar")]
    assert calendars and calendars[0][1] == "text/calendar; method=REQUEST"
    ics = calendars[0][0]
    assert "ATTENDEE" in ics and "mailto:expert@university.example" in ics
    assert "PARTSTAT=NEEDS-ACTION" in ics
    assert [attachment[0] for attachment in message.attachments] == ["meeting.ics"]
    link = _answer_link(message)
    assert link.startswith("http") and "/ru/" in link
    # The task again (a redelivery), or the same address again: no second mail.
    assert send_guest_meeting_mail(guest.pk, meeting.sequence, "scheduled") == "already done"
    again, added = invite(meeting, "EXPERT@university.example")
    assert (again, added) == (guest, False)
    assert len(mailoutbox) == 1
    assert GuestMailDelivery.objects.get().state == DeliveryState.SENT


def test_a_member_invited_by_email_is_invited_as_a_member(team, invite, mailoutbox):
    meeting = schedule(team)
    invitation, added = invite(meeting, team.outsider.email.upper())
    assert added and invitation.user == team.outsider
    assert not meeting.guests.exists()


def test_the_guest_answers_through_the_link(team, invite, client, mailoutbox):
    meeting = schedule(team, capacity=2)
    guest, _added = invite(meeting, name="Ivan Expert")
    url = guestlinks.answer_path(guest)
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    content = page.content.decode()
    assert meeting.title in content and "Dear Ivan Expert" in content
    response = client.post(url, {"response": "yes"}, follow=True)
    assert "your answer was saved: Yes, I will attend" in response.content.decode()
    guest.refresh_from_db()
    assert guest.response == "yes" and guest.responded_at is not None
    assert selectors.attendance(meeting)["attending"] == 1
    # An answer that is no answer is refused with a message (400).
    response = client.post(url, {"response": "perhaps"})
    assert response.status_code == 400
    assert "response" in response.context["form"].errors
    # The calendar file of the invitation, for the guest's calendar program.
    ics = client.get(reverse("meetings:guest_calendar", args=[url.split("/")[-2]]))
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content


def test_a_full_meeting_and_a_started_one_refuse_the_guest_clearly(team, invite, client):
    meeting = schedule(team, capacity=1)
    services.rsvp_respond(meeting=meeting, user=team.member, response="yes")
    guest, _added = invite(meeting)
    url = guestlinks.answer_path(guest)
    response = client.post(url, {"response": "yes"})
    assert response.status_code == 400
    assert "The meeting is full" in response.content.decode()
    # "maybe" takes no seat
    assert client.post(url, {"response": "maybe"}).status_code == 302
    started = MeetingFactory(group=team.group, starts_at=in_days(-1), ends_at=in_days(1))
    late = GuestInvitationFactory(meeting=started)
    url = guestlinks.answer_path(late)
    assert "Answers closed when the meeting started." in client.get(url).content.decode()
    response = client.post(url, {"response": "yes"})
    assert response.status_code == 400
    late.refresh_from_db()
    assert late.response == "none"


@pytest.mark.parametrize(
    "spoil",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
        lambda token: signing.dumps({"g": 1, "m": "x"}, salt="another.purpose"),
    ],
    ids=["signature changed", "payload changed", "garbage", "another purpose"],
)
def test_a_tampered_link_gets_a_clear_page(team, client, spoil):
    guest = GuestInvitationFactory(meeting=MeetingFactory(group=team.group))
    token = spoil(guestlinks.token_for(guest))
    for response in (
        client.get(reverse("meetings:guest_answer", args=[token])),
        client.post(reverse("meetings:guest_answer", args=[token]), {"response": "yes"}),
        client.get(reverse("meetings:guest_calendar", args=[token])),
    ):
        assert response.status_code == 400
        assert "The link is incomplete or was changed" in response.content.decode()
    guest.refresh_from_db()
    assert guest.response == "none"


def test_an_expired_link_gets_a_clear_page(team, client, settings):
    guest = GuestInvitationFactory(meeting=MeetingFactory(group=team.group))
    url = guestlinks.answer_path(guest)
    settings.MEETINGS_GUEST_LINK_MAX_AGE = datetime.timedelta(seconds=-1)
    response = client.post(url, {"response": "yes"})
    assert response.status_code == 410
    assert "The link has expired" in response.content.decode()
    guest.refresh_from_db()
    assert guest.response == "none"


def test_a_withdrawn_invitation_gets_a_clear_page(team, client):
    meeting = MeetingFactory(group=team.group, organiser=team.lead)
    guest = GuestInvitationFactory(meeting=meeting)
    url = guestlinks.answer_path(guest)
    client.force_login(team.lead)
    withdraw = reverse("meetings:guest_withdraw", args=[meeting.pk, guest.pk])
    assert client.post(withdraw).status_code == 302
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()


def test_a_link_names_one_guest_of_one_meeting(team, client):
    """The meeting's UID is signed with the guest's id: a link cannot be
    turned into another guest's, nor outlive its meeting's identity."""
    guest = GuestInvitationFactory(meeting=MeetingFactory(group=team.group))
    other = GuestInvitationFactory(meeting=MeetingFactory(group=team.group))
    forged = signing.dumps(
        {"g": other.pk, "m": str(guest.meeting.uid)}, salt=guestlinks.SALT, compress=True
    )
    response = client.get(reverse("meetings:guest_answer", args=[forged]))
    assert response.status_code == 410
    assert client.get(guestlinks.answer_path(other)).status_code == 200


def test_guests_hear_of_changes_and_cancellation_unless_they_declined(
    team, invite, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = schedule(team)
    invite(meeting, "coming@ngo.example")
    declined, _added = invite(meeting, "declined@ngo.example")
    services.guest_respond(guest=declined, response="no")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=meeting, by=team.lead, venue="Hunchun")
    guest_mails = [m for m in mailoutbox if m.to[0].endswith("ngo.example")]
    assert [m.to for m in guest_mails] == [["coming@ngo.example"]]
    assert "Changed:" in guest_mails[0].subject and "Hunchun" in guest_mails[0].body
    assert "/meetings/guest/" in guest_mails[0].body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=meeting, by=team.lead, reason="Flooded roads")
    (cancelled,) = [m for m in mailoutbox if m.to == ["coming@ngo.example"]]
    raw = email.message_from_bytes(cancelled.message().as_bytes())
    methods = {part.get_content_type() + ";" + str(part.get_param("method")) for part in raw.walk()}
    assert "text/calendar;CANCEL" in methods
    assert "/meetings/guest/" not in cancelled.body  # nothing left to answer


def test_action_items_go_to_anyone_invited(
    team, invite, client, mailoutbox, django_capture_on_commit_callbacks
):
    from notifications.tasks import send_guest_action_item_mail

    meeting = schedule(team)
    guest, _added = invite(meeting, name="Ivan Expert")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        item = services.action_item_add(
            meeting=meeting,
            by=team.lead,
            title="Share the camera-trap protocol",
            due_on=in_days(7).date(),
            assignee_guest=guest,
        )
    assert item.assignee == guest
    # The guest hears of it by mail, once.
    (message,) = mailoutbox
    assert message.to == [guest.email]
    assert "Share the camera-trap protocol" in message.subject
    assert "/meetings/guest/" in message.body
    assert send_guest_action_item_mail(item.pk) == "already done"
    assert len(mailoutbox) == 1
    # A guest of another meeting is not this meeting's.
    stranger = GuestInvitationFactory(meeting=MeetingFactory(group=team.group))
    with pytest.raises(services.ValidationError):
        services.action_item_add(
            meeting=meeting,
            by=team.lead,
            title="Nope",
            due_on=in_days(7).date(),
            assignee_guest=stranger,
        )
    # The minutes page offers the guests; the meeting page names the guest.
    client.force_login(team.lead)
    url = reverse("meetings:action_item_add", args=[meeting.pk])
    response = client.post(
        url,
        {"title": "Send the maps", "assignee_guest": guest.pk, "due_on": "2031-01-10"},
    )
    assert response.status_code == 302
    assert ActionItem.objects.filter(title="Send the maps", assignee_guest=guest).exists()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Send the maps" in page and "Ivan Expert" in page
    # An invitation with action items is not withdrawn under them.
    with pytest.raises(services.ValidationError):
        services.guest_withdraw(guest=guest, by=team.lead)


def test_minutes_keep_paragraphs_and_lists(team, client):
    meeting = MeetingFactory(group=team.group, organiser=team.lead)
    client.force_login(team.lead)
    typed = (
        "Opened at 14:00 & closed at 16:00.\r\nChair: Lena Lead\r\n\r\n"
        "Decided:\r\n- share the maps\r\n- draft the protocol <script>alert(1)</script>\r\n\r\n"
        "1. survey in January\r\n2. report in March"
    )
    client.post(reverse("meetings:minutes", args=[meeting.pk]), {"minutes": typed})
    meeting.refresh_from_db()
    assert meeting.minutes == (
        "<p>Opened at 14:00 &amp; closed at 16:00.<br>Chair: Lena Lead</p>"
        "<p>Decided:</p><ul><li>share the maps</li><li>draft the protocol</li></ul>"
        "<ol><li>survey in January</li><li>report in March</li></ol>"
    )
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "<ul><li>share the maps</li>" in page and "alert(1)" not in page
    # HTML stays HTML
    services.minutes_save(meeting=meeting, by=team.lead, html="<p>One</p><ol><li>a</li></ol>")
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>One</p><ol><li>a</li></ol>"


def test_guest_rows_are_unique_per_meeting_whatever_the_case(team):
    from django.db import IntegrityError, transaction

    meeting = MeetingFactory(group=team.group)
    GuestInvitation.objects.create(meeting=meeting, email="a@b.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuestInvitation.objects.create(meeting=meeting, email="A@B.example")


def test_the_meeting_page_and_the_guest_page_do_not_grow_with_the_guests(team, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = MeetingFactory(group=team.group, organiser=team.lead)
    first = GuestInvitationFactory(meeting=meeting)

    def count(url, user=None):
        if user is not None:
            client.force_login(user)
        else:
            client.logout()
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def add_guests(n):
        for _ in range(n):
            guest = GuestInvitationFactory(meeting=meeting)
            ActionItem.objects.create(
                meeting=meeting, title="Share", due_on=in_days(3).date(), assignee_guest=guest
            )

    add_guests(2)
    small = (count(meeting.get_absolute_url(), team.lead), count(guestlinks.answer_path(first)))
    add_guests(20)
    large = (count(meeting.get_absolute_url(), team.lead), count(guestlinks.answer_path(first)))
    assert small == large, (small, large)
