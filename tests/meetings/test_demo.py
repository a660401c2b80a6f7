"""The meetings demo data: something to look at in every group, and safe to
load twice."""

import datetime

import pytest
from django.utils import timezone

from meetings import demo, selectors
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db


def counts():
    return tuple(model.objects.count() for model in (Meeting, AgendaItem, Invitation, ActionItem))


def test_every_working_group_has_an_upcoming_meeting_with_an_agenda(meetings_demo_data):
    today = timezone.localdate()
    for group in WorkingGroup.objects.all():
        meeting = Meeting.objects.get(
            group=group, kind=Meeting.Kind.GROUP, ends_at__gt=timezone.now()
        )
        weeks_ahead = (meeting.starts_at.date() - today).days / 7
        assert 2 <= weeks_ahead <= 5.1, (group, weeks_ahead)
        assert meeting.time_zone in ("Asia/Vladivostok", "Asia/Shanghai")
        assert meeting.agenda_items.count() >= 2
        assert meeting.invitations.exists()  # its members (at least the lead)


def test_committee_meeting_and_public_events(meetings_demo_data, demo_account):
    committee = Meeting.objects.get(kind=Meeting.Kind.COMMITTEE)
    assert committee.invitations.filter(user__email="committee@demo.example").exists()
    titles = set(selectors.upcoming_public_events().values_list("title", flat=True))
    assert any(title.startswith("Tiger Festival 20") for title in titles)
    assert "Public webinar: living next to tigers and leopards" in titles
    festival = Meeting.objects.get(title__startswith="Tiger Festival")
    assert festival.time_zone == "Asia/Shanghai" and "Hunchun" in festival.venue


def test_a_past_meeting_with_minutes_and_two_open_action_items(meetings_demo_data, demo_account):
    past = Meeting.objects.get(ends_at__lt=timezone.now())
    assert past.group.slug == "joint-survey-monitoring"
    assert "<h3>Decisions</h3>" in past.minutes
    member = demo_account("member-monitoring@demo.example")
    items = list(selectors.open_action_items_for_group(past.group))
    assert len(items) == 2
    assert {item.assignee_user for item in items} == {member, None}
    assert {item.assignee_organisation.slug for item in items if item.assignee_organisation} == {
        "feline-research-center"
    }
    assert list(selectors.open_action_items_for_user(member)) == [
        item for item in items if item.assignee_user == member
    ]
    # The lead works for the Feline Research Center: the organisation's item is theirs too.
    lead = demo_account("lead-monitoring@demo.example")
    assert len(selectors.open_action_items_for_user(lead)) == 1


def test_seeding_twice_changes_nothing(meetings_demo_data, demo_password):
    before = counts()
    uids = set(Meeting.objects.values_list("uid", flat=True))
    demo.seed(password=demo_password, with_accounts=True)
    assert counts() == before
    assert set(Meeting.objects.values_list("uid", flat=True)) == uids


def test_without_accounts_the_meetings_are_there_with_nobody_invited(db, demo_password):
    from stakeholders import demo as stakeholders_demo
    from workinggroups import demo as workinggroups_demo

    for app in (stakeholders_demo, workinggroups_demo, demo):
        app.seed(password=None, with_accounts=False)
    assert (
        Meeting.objects.filter(kind=Meeting.Kind.GROUP).count() == WorkingGroup.objects.count() + 1
    )
    assert not Invitation.objects.exists()
    assert ActionItem.objects.count() == 1  # the organisation's; the person's needs the account


def test_the_festival_is_ahead_on_tiger_day():
    assert demo._next_tiger_day(datetime.date(2026, 11, 21)) == datetime.date(2027, 7, 29)
    assert demo._next_tiger_day(datetime.date(2027, 7, 15)) == datetime.date(2028, 7, 29)
    assert demo._next_tiger_day(datetime.date(2027, 7, 1)) == datetime.date(2027, 7, 29)
    assert demo._next_tiger_day(datetime.date(2027, 1, 1)) == datetime.date(2027, 7, 29)


def test_a_guest_without_an_account_is_invited_to_the_monitoring_meeting(meetings_demo_data):
    from django.contrib.auth import get_user_model

    from meetings.models import GuestInvitation

    guest = GuestInvitation.objects.get(email=demo.DEMO_GUEST["email"])
    assert guest.meeting.group.slug == "joint-survey-monitoring"
    assert not guest.meeting.has_started()
    assert not get_user_model().objects.filter(email__iexact=guest.email).exists()
    demo.seed_guest()
    assert GuestInvitation.objects.count() == 1
