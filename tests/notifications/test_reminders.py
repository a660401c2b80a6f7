"""Meeting reminders, invitations, changes and cancellations (eager tasks,
locmem outbox)."""

import datetime
import logging

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Invitation
from notifications import tasks
from notifications.models import DeliveryState, ReminderDelivery
from notifications.services import preferences_for, preferences_update
from tests.factories import UserFactory
from tests.factories.meetings import InvitationFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DAY = 24 * 60


def _meeting_in(delta, **kwargs):
    starts = timezone.now().replace(microsecond=0) + delta
    return MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs)


def _at(meeting, before_minutes, plus=datetime.timedelta(minutes=1)):
    return (meeting.starts_at - datetime.timedelta(minutes=before_minutes) + plus).isoformat()


def test_reminder_sent_once_even_when_the_periodic_task_runs_twice():
    """Two runs of the periodic task and a direct re-run send one mail."""
    meeting = _meeting_in(datetime.timedelta(days=10))
    invitation = InvitationFactory(meeting=meeting)
    now = _at(meeting, DAY)
    assert tasks.send_due_reminders(now) == 1
    assert tasks.send_due_reminders(now) == 0
    assert tasks.send_reminder(meeting.pk, invitation.user_id, DAY) == "already done"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [invitation.user.email]
    row = ReminderDelivery.objects.get(state=DeliveryState.SENT)
    assert row.offset_minutes == DAY


def test_the_database_constraint_rejects_a_second_claim():
    meeting = _meeting_in(datetime.timedelta(days=3))
    user = UserFactory()
    ReminderDelivery.objects.create(meeting=meeting, user=user, offset_minutes=DAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderDelivery.objects.create(meeting=meeting, user=user, offset_minutes=DAY)


def test_offsets_are_per_user():
    meeting = _meeting_in(datetime.timedelta(days=10))
    default_user = InvitationFactory(meeting=meeting).user
    early_user = InvitationFactory(meeting=meeting).user
    preferences_update(user=early_user, reminder_offsets=[3 * DAY, 60])
    # 7 days before: only the default user.
    tasks.send_due_reminders(_at(meeting, 7 * DAY))
    assert [m.to for m in mail.outbox] == [[default_user.email]]
    # 3 days before: only the user who chose 3 days.
    tasks.send_due_reminders(_at(meeting, 3 * DAY))
    assert [m.to for m in mail.outbox][1:] == [[early_user.email]]
    # 24 h before: the default user again; 1 h before: the other.
    tasks.send_due_reminders(_at(meeting, DAY))
    tasks.send_due_reminders(_at(meeting, 60))
    assert [m.to[0] for m in mail.outbox][2:] == [default_user.email, early_user.email]
    assert set(
        ReminderDelivery.objects.filter(state=DeliveryState.SENT).values_list(
            "user_id", "offset_minutes"
        )
    ) == {
        (default_user.pk, 7 * DAY),
        (default_user.pk, DAY),
        (early_user.pk, 3 * DAY),
        (early_user.pk, 60),
    }


def test_declined_invitees_get_no_reminder():
    meeting = _meeting_in(datetime.timedelta(days=2))
    InvitationFactory(meeting=meeting, response=Invitation.Response.NO)
    coming = InvitationFactory(meeting=meeting, response=Invitation.Response.YES)
    tasks.send_due_reminders(_at(meeting, DAY))
    assert [m.to for m in mail.outbox] == [[coming.user.email]]


def test_reminder_in_user_language_and_time_zone_with_ics():
    meeting = _meeting_in(datetime.timedelta(days=2))
    user = UserFactory(language="ru", time_zone="Asia/Tokyo")
    InvitationFactory(meeting=meeting, user=user)
    tasks.send_due_reminders(_at(meeting, DAY))
    (message,) = mail.outbox
    local = timezone.localtime(meeting.starts_at, user.zoneinfo)
    assert f"{local.hour}:{local:%M}" in message.body
    assert "Напоминание" in message.subject or "Reminder" in message.subject
    assert "Asia/Tokyo" in message.body
    assert "/ru/notifications/unsubscribe/reminders/" in message.extra_headers["List-Unsubscribe"]
    (name, content, mimetype) = message.attachments[0]
    assert name == "meeting.ics" and mimetype == "text/calendar"
    assert "METHOD:PUBLISH" in content and str(meeting.uid) in content


def test_late_reminders_are_not_sent_in_a_burst():
    """After an outage only the latest passed reminder goes out."""
    meeting = _meeting_in(datetime.timedelta(days=10))
    InvitationFactory(meeting=meeting)
    tasks.send_due_reminders(_at(meeting, DAY, plus=datetime.timedelta(minutes=30)))
    assert len(mail.outbox) == 1
    skipped = ReminderDelivery.objects.get(offset_minutes=7 * DAY)
    assert skipped.state == DeliveryState.SKIPPED


def test_email_switched_off_records_in_app_only():
    meeting = _meeting_in(datetime.timedelta(days=2))
    user = InvitationFactory(meeting=meeting).user
    preferences_update(user=user, email_reminders=False)
    tasks.send_due_reminders(_at(meeting, DAY))
    assert mail.outbox == []
    assert user.notifications.get().kind == "meeting_reminder"


def test_smtp_failure_is_retried_and_then_sent_once(monkeypatch, settings):
    """A send that fails is released and retried; the retry sends."""
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    settings.NOTIFICATIONS_MAX_RETRIES = 3
    meeting = _meeting_in(datetime.timedelta(days=2))
    user = InvitationFactory(meeting=meeting).user
    real_send = EmailBackend.send_messages
    failures = iter([smtplib.SMTPServerDisconnected("gone")])

    def flaky(self, messages):
        error = next(failures, None)
        if error:
            raise error
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    # Eager apply() without propagation runs the retry at once.
    result = tasks.send_reminder.apply(args=(meeting.pk, user.pk, DAY), throw=False)
    assert result.get() == "sent"
    assert len(mail.outbox) == 1
    row = ReminderDelivery.objects.get()
    assert row.state == DeliveryState.SENT
    assert row.attempts == 2
    tasks.send_reminder.apply(args=(meeting.pk, user.pk, DAY))
    assert len(mail.outbox) == 1


@pytest.fixture
def secretariat():
    from stakeholders.models import Role
    from tests.factories import RoleAssignmentFactory

    user = UserFactory()
    RoleAssignmentFactory(user=user, role=Role.SECRETARIAT, country=None)
    return user


def test_moved_meeting_sends_update_and_reschedules_reminders(
    secretariat, django_capture_on_commit_callbacks
):
    meeting = _meeting_in(datetime.timedelta(days=9))
    user = InvitationFactory(meeting=meeting).user
    # The 7-day reminder went out; then the meeting moves a week later.
    tasks.send_due_reminders(_at(meeting, 7 * DAY))
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(
            meeting=meeting,
            by=secretariat,
            starts_at=meeting.starts_at + datetime.timedelta(days=7),
            ends_at=meeting.ends_at + datetime.timedelta(days=7),
        )
    update = mail.outbox[1]
    assert update.to == [user.email] and "Changed" in update.subject
    assert "SEQUENCE:1" in update.attachments[0][1]
    # The sent 7-day row was cleared: it goes out again for the new date.
    assert not ReminderDelivery.objects.filter(offset_minutes=7 * DAY).exists()
    meeting.refresh_from_db()
    tasks.send_due_reminders(_at(meeting, 7 * DAY))
    assert len(mail.outbox) == 3


def test_move_closer_skips_reminders_whose_time_passed(
    secretariat, django_capture_on_commit_callbacks
):
    meeting = _meeting_in(datetime.timedelta(days=20))
    InvitationFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(
            meeting=meeting,
            by=secretariat,
            starts_at=meeting.starts_at - datetime.timedelta(days=17),
            ends_at=meeting.ends_at - datetime.timedelta(days=17),
        )
    assert len(mail.outbox) == 1  # the update only
    assert tasks.send_due_reminders() == 0
    assert ReminderDelivery.objects.get(offset_minutes=7 * DAY).state == DeliveryState.SKIPPED


def test_cancelled_meeting_sends_cancel_and_no_more_reminders(
    secretariat, django_capture_on_commit_callbacks
):
    meeting = _meeting_in(datetime.timedelta(days=3))
    user = InvitationFactory(meeting=meeting).user
    declined = InvitationFactory(meeting=meeting, response=Invitation.Response.NO).user
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, by=secretariat, reason="Snowstorm")
    (message,) = mail.outbox
    assert message.to == [user.email] and declined.email not in message.to
    assert "METHOD:CANCEL" in message.attachments[0][1]
    assert "Snowstorm" in message.body
    assert tasks.send_due_reminders(_at(meeting, DAY)) == 0
    assert tasks.send_reminder(meeting.pk, user.pk, DAY) == "meeting cancelled or started"
    assert len(mail.outbox) == 1


def test_bad_recipients_are_skipped_and_logged(caplog):
    meeting = _meeting_in(datetime.timedelta(days=2))
    no_email = InvitationFactory(meeting=meeting).user
    bad_zone = InvitationFactory(meeting=meeting, user=UserFactory(time_zone="Mars/Olympus")).user
    bad_language = InvitationFactory(meeting=meeting, user=UserFactory(language="xx")).user
    good = InvitationFactory(meeting=meeting).user
    type(no_email).objects.filter(pk=no_email.pk).update(email="")
    with caplog.at_level(logging.WARNING, logger="notifications.services"):
        tasks.send_due_reminders(_at(meeting, DAY))
    assert [m.to for m in mail.outbox] == [[good.email]]
    warned = caplog.text
    assert "no email address" in warned
    assert "invalid time zone" in warned
    assert "unknown language" in warned
    states = dict(ReminderDelivery.objects.values_list("user_id", "state"))
    assert states[bad_zone.pk] == states[bad_language.pk] == DeliveryState.SKIPPED


def test_preferences_created_on_demand_with_defaults():
    user = UserFactory()
    preference = preferences_for(user)
    assert preference.digest_frequency == "weekly" and preference.digest_hour == 7
    assert preference.offsets == [7 * DAY, DAY]
    assert preferences_for(user).pk == preference.pk
