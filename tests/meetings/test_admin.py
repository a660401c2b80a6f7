"""The admin edits meeting rows itself, for repairs; a repair calendars must
see still raises SEQUENCE and tells the invitees, as the site's forms do."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from meetings.models import Meeting
from tests.factories.meetings import InvitationFactory, MeetingFactory
from tests.formdata import form_data

pytestmark = pytest.mark.django_db


def _repair(client, meeting, move_days=0, **changes):
    """Post the admin's change form as shown, with `changes` and the start and
    end moved by `move_days`."""
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    data = form_data(client.get(url).content.decode(), "meeting_form")
    for field in ("starts_at_0", "ends_at_0"):
        shown = datetime.date.fromisoformat(data[field])
        data[field] = (shown + datetime.timedelta(days=move_days)).isoformat()
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting.refresh_from_db()
    return meeting


def test_a_description_fix_changes_no_calendar(
    secretariat_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    InvitationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _repair(secretariat_client, meeting, description="Bring the camera-trap cards.")
    assert meeting.description == "Bring the camera-trap cards."
    assert meeting.sequence == 0
    assert mail.outbox == []


def test_moving_a_meeting_in_the_admin_raises_sequence_and_sends_the_update(
    secretariat_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    invitee = InvitationFactory(meeting=meeting).user
    starts = meeting.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _repair(secretariat_client, meeting, move_days=1, venue="Hunchun")
    assert meeting.venue == "Hunchun"
    assert meeting.starts_at == starts + datetime.timedelta(days=1)
    assert meeting.sequence == 1
    (update,) = mail.outbox
    assert update.to == [invitee.email]
    assert "SEQUENCE:1" in update.attachments[0][1]


def test_cancelling_in_the_admin_sends_the_cancellation(
    secretariat_client, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory()
    invitee = InvitationFactory(meeting=meeting).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting = _repair(secretariat_client, meeting, status=Meeting.Status.CANCELLED)
    assert meeting.is_cancelled and meeting.cancelled_at is not None
    assert meeting.sequence == 1
    (cancellation,) = mail.outbox
    assert cancellation.to == [invitee.email]
    assert "METHOD:CANCEL" in cancellation.attachments[0][1]
