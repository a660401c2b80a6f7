"""One mail pipeline: every kind of mail the portal sends has a text and an
HTML part, the subject prefix, `Auto-Submitted: auto-generated`, a greeting by
a proper display name, and (optional kinds only) the one-click unsubscribe;
meeting invitations, changes and cancellations are real iMIP (RFC 6047)."""

import datetime
import email
from email import policy

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from committee import services as committee_services
from committee.models import ReviewRequest
from meetings import services as meeting_services
from meetings.ical import event_uid
from meetings.models import Invitation
from notifications import tasks
from notifications.mail import display_name, greeting
from stakeholders import services as stakeholder_services
from stakeholders.models import Role
from tests.factories import ApplicationFactory, RoleAssignmentFactory, UserFactory
from tests.factories.committee import committee_chair
from tests.factories.meetings import InvitationFactory, MeetingFactory
from tests.factories.news import ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db

PREFIX = "[Partnership Portal] "
DAY = 24 * 60


# --- Greetings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        # a group account: not "Dear Coordinator,,"
        (
            "Coordinator, Anti-poaching coordination",
            "Dear Coordinator, Anti-poaching coordination,",
        ),
        # a role account: not "Dear Monitoring,"
        ("Monitoring Lead", "Dear Monitoring Lead,"),
        ("  Anna   Petrova ", "Dear Anna Petrova,"),
        ("Zheng Huaiyu,", "Dear Zheng Huaiyu,"),
        ("", "Dear colleague,"),
        (" , ", "Dear colleague,"),
    ],
)
def test_greeting_uses_a_proper_display_name(full_name, expected):
    user = UserFactory.build(full_name=full_name, email="someone@example.org")
    with translation.override("en"):
        assert greeting(user) == expected


def test_greeting_is_translated():
    named = UserFactory.build(full_name="Anna Petrova", email="anna@example.org")
    nameless = UserFactory.build(full_name="", email="someone@example.org")
    assert display_name(nameless) == ""
    with translation.override("ru"):
        assert greeting(named) == "Здравствуйте, Anna Petrova!"
        assert "colleague" not in greeting(nameless)


# --- Every kind of mail -----------------------------------------------------------------


def _parts(message):
    """The MIME parts of a sent message, parsed back as a mail client would."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    return parsed, {part.get_content_type(): part for part in parsed.walk()}


def _assert_portal_mail(message, *, optional: bool):
    parsed, parts = _parts(message)
    assert "text/plain" in parts and "text/html" in parts
    assert parsed["Subject"].strip().startswith(PREFIX)
    assert parsed["Auto-Submitted"].strip() == "auto-generated"
    if optional:
        assert parsed["List-Unsubscribe"].strip().startswith("<http")
        assert parsed["List-Unsubscribe-Post"].strip() == "List-Unsubscribe=One-Click"
        assert "/notifications/unsubscribe/" in message.body
    else:
        assert parsed["List-Unsubscribe"] is None
        assert parsed["List-Unsubscribe-Post"] is None
        assert "/notifications/unsubscribe/" not in message.body
    return parsed, parts


def _meeting_in(delta, **kwargs):
    starts = timezone.now().replace(microsecond=0) + delta
    return MeetingFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), **kwargs)


def test_committee_decision_mail(django_capture_on_commit_callbacks):
    group = WorkingGroupFactory(name="Camera trapping")
    lead = add_member(
        group, GroupRole.LEAD, user=UserFactory(full_name="Coordinator, Camera trapping")
    ).user
    committee = committee_chair()  # records the committee's decision
    version = group_services.workplan_create(
        group=group,
        by=lead,
        title="Camera-trap plan",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    group_services.workplan_draft_save(
        version=version, by=lead, summary="", items=[{"objective": "Deploy 100 traps"}]
    )
    group_services.workplan_submit(version=version, by=lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.review_decide(
            request=ReviewRequest.objects.get(),
            reviewer=committee,
            outcome="request_changes",
            comment="Say where the traps go.",
        )
    (message,) = [m for m in mail.outbox if m.to == [lead.email]]
    _parsed, parts = _assert_portal_mail(message, optional=False)
    assert message.body.startswith("Dear Coordinator, Camera trapping,\n")
    assert "Say where the traps go." in parts["text/html"].get_content()
    assert "Request changes" in message.subject
    assert ": Request changes." in message.body
    assert ": Request changes." in parts["text/html"].get_content()


@pytest.mark.parametrize("approve", [True, False])
def test_application_decision_mail(approve, django_capture_on_commit_callbacks):
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    application = ApplicationFactory(
        name="Kedrovaya Pad Reserve", applicant=UserFactory(full_name="", language="ru")
    )
    with django_capture_on_commit_callbacks(execute=True):
        if approve:
            stakeholder_services.application_approve(
                application=application, decided_by=secretariat
            )
        else:
            stakeholder_services.application_reject(
                application=application, decided_by=secretariat, reason="Apply as a reserve."
            )
    (message,) = mail.outbox
    _parsed, parts = _assert_portal_mail(message, optional=False)
    assert message.to == [application.applicant.email]
    assert "Kedrovaya Pad Reserve" in message.subject
    assert 'lang="ru"' in parts["text/html"].get_content()
    assert message.body.startswith("Здравствуйте")  # in Russian, with no name


def test_reminder_mail():
    meeting = _meeting_in(datetime.timedelta(days=10))
    InvitationFactory(meeting=meeting)
    tasks.send_due_reminders((meeting.starts_at - datetime.timedelta(minutes=DAY - 1)).isoformat())
    (message,) = mail.outbox
    _parsed, parts = _assert_portal_mail(message, optional=True)
    assert "/unsubscribe/reminders/" in message.extra_headers["List-Unsubscribe"]
    # A reminder carries the meeting's calendar, but is no invitation.
    assert "text/calendar" in parts and "METHOD:PUBLISH" in message.attachments[0][1]


def test_digest_mail():
    ArticleFactory(title="Tiger count rises")
    member = UserFactory(full_name="Monitoring Lead", email="lead@example.org")
    assert tasks.send_digest(member.pk, "2026-W47") == "sent"
    (message,) = mail.outbox
    _assert_portal_mail(message, optional=True)
    assert message.body.startswith("Dear Monitoring Lead,\n")
    assert "/unsubscribe/digest/" in message.extra_headers["List-Unsubscribe"]


# --- Meeting invitations, changes, cancellations: iMIP ------------------------------------


def _calendar(message, method):
    """The calendar alternative of a sent message, checked for its type."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    (alternative,) = [
        part for part in parsed.walk() if part.get_content_type() == "multipart/alternative"
    ]
    types = [part.get_content_type() for part in alternative.iter_parts()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == method
    calendar = icalendar.Calendar.from_ical(calendar_part.get_content())
    assert calendar["METHOD"] == method
    (event,) = calendar.walk("VEVENT")
    return event


def test_invitation_update_and_cancellation_are_imip(django_capture_on_commit_callbacks):
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    meeting = _meeting_in(datetime.timedelta(days=20))
    invitee = UserFactory(full_name="Anna Petrova", email="anna@example.org")
    InvitationFactory(meeting=meeting, user=invitee, response=Invitation.Response.YES)
    other = InvitationFactory(meeting=meeting).user

    tasks.send_meeting_mail(meeting.pk, invitee.pk, meeting.sequence, "scheduled")
    (invitation,) = mail.outbox
    _assert_portal_mail(invitation, optional=True)
    event = _calendar(invitation, "REQUEST")
    assert str(event["UID"]) == event_uid(meeting)
    first_sequence = int(event["SEQUENCE"])
    organizer = event["ORGANIZER"]
    assert str(organizer).startswith("mailto:") and organizer.params["CN"]
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:anna@example.org"
    assert attendee.params["CN"] == "Anna Petrova"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["RSVP"] == "FALSE"
    assert meeting.get_absolute_url() in str(event["URL"])

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_update(
            meeting=meeting,
            by=secretariat,
            starts_at=meeting.starts_at + datetime.timedelta(days=1),
            ends_at=meeting.ends_at + datetime.timedelta(days=1),
        )
    updates = {m.to[0]: m for m in mail.outbox}
    assert set(updates) == {invitee.email, other.email}
    update = _calendar(updates[invitee.email], "REQUEST")
    assert str(update["UID"]) == event_uid(meeting)
    assert int(update["SEQUENCE"]) > first_sequence
    assert _calendar(updates[other.email], "REQUEST")["ATTENDEE"].params["PARTSTAT"] == (
        "NEEDS-ACTION"
    )

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.meeting_cancel(meeting=meeting, by=secretariat, reason="Snowstorm")
    cancellations = {m.to[0]: m for m in mail.outbox}
    _assert_portal_mail(cancellations[invitee.email], optional=True)
    cancel = _calendar(cancellations[invitee.email], "CANCEL")
    assert str(cancel["UID"]) == event_uid(meeting)
    assert int(cancel["SEQUENCE"]) > int(update["SEQUENCE"])
    assert str(cancel["STATUS"]) == "CANCELLED"
    assert str(cancel["ATTENDEE"]) == "mailto:anna@example.org"
