"""Scheduling, changes, cancellation and RSVPs: the rules live in the services
and hold whoever calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from meetings import selectors, services
from meetings.models import ActionItem, Invitation, Meeting, VenueTimeZone
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.factories.meetings import MeetingFactory, PublicEventFactory, in_days
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


def schedule(team, by=None, **overrides):
    fields = {
        "by": by or team.lead,
        "kind": Meeting.Kind.GROUP,
        "group": team.group,
        "title": "Winter survey planning",
        "starts_at": in_days(14, 14),
        "ends_at": in_days(14, 16),
        "time_zone": VenueTimeZone.VLADIVOSTOK,
        "venue": "Vladivostok",
    }
    fields.update(overrides)
    return services.meeting_schedule(**fields)


# --- Scheduling ----------------------------------------------------------------------


def test_scheduling_a_group_meeting_invites_the_members(team):
    meeting = schedule(team)
    invited = set(meeting.invitations.values_list("user__email", flat=True))
    assert invited == {team.lead.email, team.member.email, team.observer.email}
    assert meeting.organiser == team.lead
    assert meeting.sequence == 0
    assert meeting.uid is not None


def test_scheduling_a_committee_meeting_invites_the_committee(db):
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    member = RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user
    ended = RoleAssignmentFactory(
        role=Role.COMMITTEE,
        country=None,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    ).user
    meeting = services.meeting_schedule(
        by=secretariat,
        kind=Meeting.Kind.COMMITTEE,
        title="Review meeting",
        starts_at=in_days(20, 10),
        ends_at=in_days(20, 12),
        time_zone=VenueTimeZone.SEOUL,
        online_url="https://meet.example.org/committee",
    )
    invited = set(meeting.invitations.values_list("user_id", flat=True))
    assert invited == {member.pk, secretariat.pk}  # the organiser too; not a past member
    assert ended.pk not in invited


def test_the_end_must_be_after_the_start(team):
    with pytest.raises(ValidationError) as error:
        schedule(team, starts_at=in_days(14, 14), ends_at=in_days(14, 14))
    assert "ends_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        schedule(team, starts_at=in_days(14, 14), ends_at=in_days(14, 9))
    assert error.value.message_dict["ends_at"] == ["The end must be after the start."]
    assert not Meeting.objects.exists()


def test_the_database_refuses_an_end_before_the_start_too(team):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(group=team.group, starts_at=in_days(3), ends_at=in_days(2))


def test_a_meeting_needs_a_venue_or_an_online_link(team):
    with pytest.raises(ValidationError) as error:
        schedule(team, venue="  ", online_url="")
    assert "venue" in error.value.message_dict
    meeting = schedule(team, venue="", online_url="https://meet.example.org/x")
    assert meeting.location_text == "https://meet.example.org/x"


def test_a_group_meeting_needs_its_group(team):
    with pytest.raises(ValidationError) as error:
        schedule(team, group=None)
    assert "group" in error.value.message_dict


def test_only_the_groups_leads_schedule_its_meetings(team):
    with pytest.raises(PermissionDenied):
        schedule(team, by=team.member)
    other_lead = add_member(WorkingGroupFactory(), GroupRole.LEAD).user
    with pytest.raises(PermissionDenied):
        schedule(team, by=other_lead)
    with pytest.raises(PermissionDenied):  # committee meetings: the secretariat only
        schedule(team, kind=Meeting.Kind.COMMITTEE, group=None)
    assert not Meeting.objects.exists()


def test_a_lead_may_schedule_a_public_event_for_their_group(team):
    event = schedule(team, kind=Meeting.Kind.PUBLIC, title="Tiger Festival")
    assert event.group == team.group
    assert not event.invitations.exists()  # public events are open to all


# --- Changes and cancellation --------------------------------------------------------------


def test_changing_time_or_place_raises_the_sequence_but_keeps_the_uid(team):
    meeting = schedule(team)
    uid = meeting.uid
    meeting = services.meeting_update(meeting=meeting, by=team.lead, description="Bring maps.")
    assert meeting.sequence == 0  # the description is not what a calendar shows
    meeting = services.meeting_update(
        meeting=meeting, by=team.lead, starts_at=in_days(15, 14), ends_at=in_days(15, 16)
    )
    assert meeting.sequence == 1
    meeting = services.meeting_update(meeting=meeting, by=team.lead, venue="Hunchun")
    assert meeting.sequence == 2
    meeting.refresh_from_db()
    assert (meeting.uid, meeting.sequence, meeting.venue) == (uid, 2, "Hunchun")


def test_nobody_but_the_editors_change_a_meeting(team):
    meeting = schedule(team)
    with pytest.raises(PermissionDenied):
        services.meeting_update(meeting=meeting, by=team.member, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(meeting=meeting, by=team.member)


def test_update_validates_the_times(team):
    meeting = schedule(team)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=team.lead, ends_at=meeting.starts_at)
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_capacity_cannot_drop_below_those_attending(team):
    meeting = schedule(team)
    services.rsvp_respond(meeting=meeting, user=team.member, response="yes")
    services.rsvp_respond(meeting=meeting, user=team.lead, response="yes")
    with pytest.raises(ValidationError) as error:
        services.meeting_update(meeting=meeting, by=team.lead, capacity=1)
    assert "capacity" in error.value.message_dict
    services.meeting_update(meeting=meeting, by=team.lead, capacity=2)


def test_cancelling_marks_the_meeting_and_raises_the_sequence(team):
    meeting = schedule(team)
    meeting = services.meeting_cancel(meeting=meeting, by=team.lead, reason="Floods on the road.")
    assert meeting.is_cancelled
    assert meeting.sequence == 1
    assert meeting.cancellation_reason == "Floods on the road."
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, by=team.lead)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, by=team.lead, title="Back on")


def test_a_meeting_that_is_over_cannot_be_cancelled(team):
    meeting = MeetingFactory(group=team.group, starts_at=in_days(-3), ends_at=in_days(-3, 16))
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, by=team.lead)


# --- RSVP ----------------------------------------------------------------------------


def test_an_invitee_answers_and_changes_their_answer(team):
    meeting = schedule(team)
    invitation = services.rsvp_respond(meeting=meeting, user=team.member, response="maybe")
    assert invitation.response == Invitation.Response.MAYBE
    assert invitation.responded_at is not None
    invitation = services.rsvp_respond(meeting=meeting, user=team.member, response="yes")
    assert Invitation.objects.get(meeting=meeting, user=team.member).response == "yes"
    assert selectors.attendance(meeting)["attending"] == 1


def test_answers_close_when_the_meeting_starts(team):
    meeting = schedule(team)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(-1, 14), ends_at=in_days(1, 16))
    meeting.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.rsvp_respond(meeting=meeting, user=team.member, response="yes")
    assert "started" in error.value.messages[0]
    assert not team.member.has_perm("meetings.rsvp", meeting)


def test_no_answers_for_a_cancelled_meeting(team):
    meeting = services.meeting_cancel(meeting=schedule(team), by=team.lead)
    with pytest.raises(ValidationError):
        services.rsvp_respond(meeting=meeting, user=team.member, response="yes")


def test_capacity_counts_yes_answers_and_substitutes(team):
    meeting = schedule(team, capacity=2)
    services.rsvp_respond(meeting=meeting, user=team.lead, response="yes")
    services.rsvp_respond(
        meeting=meeting, user=team.member, response="substitute", substitute=team.colleague
    )
    with pytest.raises(ValidationError) as error:
        services.rsvp_respond(meeting=meeting, user=team.observer, response="yes")
    assert "full" in error.value.message_dict["response"][0]
    # "maybe" and "no" take no place, and those attending may confirm again.
    services.rsvp_respond(meeting=meeting, user=team.observer, response="maybe")
    services.rsvp_respond(meeting=meeting, user=team.lead, response="yes")
    # A place freed is a place taken.
    services.rsvp_respond(meeting=meeting, user=team.lead, response="no")
    services.rsvp_respond(meeting=meeting, user=team.observer, response="yes")


def test_a_substitute_is_named_by_email_from_any_organisation(team):
    """A substitute is anyone named by address: a colleague, someone of
    another organisation (an account or not); never oneself, never nobody."""
    meeting = schedule(team)
    with pytest.raises(ValidationError) as error:
        services.rsvp_respond(meeting=meeting, user=team.member, response="substitute")
    assert "substitute_email" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.rsvp_respond(
            meeting=meeting,
            user=team.member,
            response="substitute",
            substitute_email=team.member.email.upper(),
        )
    assert "someone else" in error.value.message_dict["substitute_email"][0]
    # someone with an account at another organisation
    invitation = services.rsvp_respond(
        meeting=meeting, user=team.member, response="substitute", substitute=team.outsider
    )
    assert invitation.substitute == team.outsider
    assert invitation.substitute_email == team.outsider.email
    assert not meeting.guests.exists()
    invitation = services.rsvp_respond(
        meeting=meeting,
        user=team.member,
        response="substitute",
        substitute_email=team.colleague.email,
    )
    assert invitation.substitute == team.colleague
    # The substitute now sees the meeting and has it in their feed.
    assert selectors.can_see(team.colleague, meeting)
    assert meeting in selectors.personal_feed_meetings(team.colleague)
    # Answering anything else drops the substitute.
    invitation = services.rsvp_respond(meeting=meeting, user=team.member, response="no")
    assert invitation.substitute is None
    assert invitation.substitute_email == ""


def test_a_substitute_without_an_account_is_invited_as_a_guest(
    team, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = schedule(team, capacity=1)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.rsvp_respond(
            meeting=meeting,
            user=team.member,
            response="substitute",
            substitute_email=" Deputy@Ngo.Example ",
            substitute_name="Dana  Deputy",
        )
    assert invitation.substitute is None
    assert invitation.substitute_label == "Dana Deputy (deputy@ngo.example)"
    guest = meeting.guests.get()
    assert (guest.email, guest.name, guest.substitute_for) == (
        "deputy@ngo.example",
        "Dana Deputy",
        invitation,
    )
    assert [message.to for message in mailoutbox] == [["deputy@ngo.example"]]
    # The substitute's own "yes" takes no second seat: the invitation holds it.
    services.guest_respond(guest=guest, response="yes")
    assert selectors.attending_count(meeting) == 1
    # Another substitute replaces the first, whose link stops working.
    services.rsvp_respond(
        meeting=meeting,
        user=team.member,
        response="substitute",
        substitute_email="other@ngo.example",
    )
    assert list(meeting.guests.values_list("email", flat=True)) == ["other@ngo.example"]
    services.rsvp_respond(meeting=meeting, user=team.member, response="maybe")
    assert not meeting.guests.exists()


def test_nobody_answers_for_a_meeting_they_cannot_see(team, client):
    meeting = schedule(team)
    with pytest.raises(PermissionDenied):
        services.rsvp_respond(meeting=meeting, user=team.outsider, response="yes")
    client.force_login(team.outsider)
    response = client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "yes"})
    assert response.status_code == 404
    assert not Invitation.objects.filter(user=team.outsider).exists()


def test_anyone_signed_in_answers_for_a_public_event(team):
    event = PublicEventFactory(capacity=1)
    invitation = services.rsvp_respond(meeting=event, user=team.outsider, response="yes")
    assert invitation.meeting == event
    with pytest.raises(ValidationError):
        services.rsvp_respond(meeting=event, user=team.member, response="yes")


def test_a_member_who_joins_later_is_invited_to_coming_meetings(team):
    meeting = schedule(team)
    past = MeetingFactory(group=team.group, starts_at=in_days(-5), ends_at=in_days(-5, 16))
    newcomer = add_member(team.group, GroupRole.MEMBER).user
    # Members may answer even before their invitation (they are invitees by right)...
    assert newcomer.has_perm("meetings.rsvp", meeting)
    assert services.invitations_add_for_new_member(group=team.group, user=newcomer) == 1
    assert Invitation.objects.filter(meeting=meeting, user=newcomer).exists()
    assert not Invitation.objects.filter(meeting=past, user=newcomer).exists()
    assert services.invitations_add_for_new_member(group=team.group, user=newcomer) == 0


def test_editors_invite_people_from_outside_the_group(team):
    meeting = schedule(team)
    assert not selectors.can_see(team.outsider, meeting)
    assert services.meeting_invite(meeting=meeting, users=[team.outsider], by=team.lead) == 1
    assert services.meeting_invite(meeting=meeting, users=[team.outsider], by=team.lead) == 0
    assert selectors.can_see(team.outsider, meeting)
    services.rsvp_respond(meeting=meeting, user=team.outsider, response="yes")
    with pytest.raises(PermissionDenied):
        services.meeting_invite(meeting=meeting, users=[UserFactory()], by=team.member)


# --- Agenda and action items ------------------------------------------------------------


def test_agenda_items_are_added_in_order_and_moved(team):
    meeting = schedule(team)
    first = services.agenda_item_add(meeting=meeting, by=team.member, title="Survey results")
    second = services.agenda_item_add(
        meeting=meeting, by=team.lead, title="Protocol", presenter="FRC", duration_minutes=30
    )
    assert [i.title for i in selectors.agenda_of(meeting)] == ["Survey results", "Protocol"]
    services.agenda_item_move(item=second, by=team.lead, up=True)
    assert [i.pk for i in selectors.agenda_of(meeting)] == [second.pk, first.pk]
    services.agenda_item_remove(item=first, by=team.lead)
    assert [i.pk for i in selectors.agenda_of(meeting)] == [second.pk]
    with pytest.raises(PermissionDenied):  # observers read, they do not write
        services.agenda_item_add(meeting=meeting, by=team.observer, title="Mine")
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, by=team.lead, title="  ")


def test_an_action_item_has_exactly_one_assignee(team):
    meeting = schedule(team)
    due = in_days(30).date()
    with pytest.raises(ValidationError):
        services.action_item_add(meeting=meeting, by=team.lead, title="Maps", due_on=due)
    with pytest.raises(ValidationError):
        services.action_item_add(
            meeting=meeting,
            by=team.lead,
            title="Maps",
            due_on=due,
            assignee_user=team.member,
            assignee_organisation=team.organisation,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.create(meeting=meeting, title="Maps", due_on=due)
    item = services.action_item_add(
        meeting=meeting,
        by=team.lead,
        title="Maps",
        due_on=due,
        assignee_organisation=team.organisation,
    )
    assert item.assignee == team.organisation
