"""Fault tolerance of the notification mails, with real parts: Celery worker
processes (killed with SIGKILL), the Redis broker, PostgreSQL and an SMTP
server on 127.0.0.1 (see tests/notifications/harness.py).

(a) a worker killed in the middle of a digest run for 300 members: after a
    restart every member has exactly one digest;
(b) the mail server is down while reminders fall due: each arrives once,
    after retries with backoff, when it is back;
(c) beat fires the same schedules twice and two workers share the work:
    nothing is sent twice.

They need PostgreSQL and Redis (skipped without, failed when
PORTAL_REQUIRE_SERVICES=1); mark `worker`.
"""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings.models import Invitation
from notifications.models import (
    DeliveryState,
    DigestDelivery,
    NotificationPreference,
    ReminderDelivery,
)
from stakeholders.models import MembershipApplication
from tests.factories import ApplicationFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.news import ArticleFactory
from tests.notifications.harness import (
    SmtpSink,
    Workers,
    require_services,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DAY_BEFORE = 24 * 60  # the reminder offset (minutes) the meetings below are due for
WEEK_BEFORE = 7 * 24 * 60


@pytest.fixture
def workers(transactional_db, tmp_path):
    """Worker processes of this test (`workers.start(smtp_port=...)`), stopped
    before the test database is flushed; their logs are in tmp_path."""
    require_services()
    pool = Workers(log_dir=tmp_path)
    yield pool
    pool.close()


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


def members(count: int, prefix: str, *, daily_digest: bool = False):
    """`count` active members (UTC, English); with a daily digest due from
    midnight when asked. Inserted in bulk: hundreds of factories are slow."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"{prefix}{n}@example.org", full_name=f"Member {prefix} {n}")
        for n in range(count)
    )
    if daily_digest:
        NotificationPreference.objects.bulk_create(
            NotificationPreference(
                user=user,
                digest_frequency=NotificationPreference.Frequency.DAILY,
                digest_hour=0,
            )
            for user in users
        )
    return users


def meetings_due_for_reminder(count: int, invitees, now):
    """Meetings starting a little less than 24 hours after `now`: for each
    invitee the "24 hours before" reminder is due (and the "7 days before"
    one is superseded by it, so skipped)."""
    meetings = [
        MeetingFactory(
            title=f"Amur tiger census {n}",
            starts_at=now + datetime.timedelta(hours=24) - datetime.timedelta(minutes=10 * (n + 1)),
            ends_at=now + datetime.timedelta(hours=26),
        )
        for n in range(count)
    ]
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=user) for meeting in meetings for user in invitees
    )
    return meetings


def reminders_received(sink, meetings, users) -> dict:
    """{(meeting title, address): number of reminder mails} for every pair."""
    return {
        (meeting.title, user.email): sink.per_recipient(f"Reminder: {meeting.title},")[user.email]
        for meeting in meetings
        for user in users
    }


def returned(log: str, task: str) -> list[int]:
    """What the runs of a periodic task returned (the number enqueued), from
    the worker's log."""
    pattern = rf"notifications\.tasks\.{task}\[[^\]]+\] succeeded in [\d.]+s: (\d+)"
    return [int(value) for value in re.findall(pattern, log)]


def task_ids(log: str, event: str) -> set[str]:
    """Ids of the send_digest tasks a worker's log says were `event`
    ("received" or "succeeded")."""
    return set(re.findall(rf"notifications\.tasks\.send_digest\[([0-9a-f-]+)\] {event}", log))


def test_harness_worker_process_sends_through_broker_and_smtp(workers, smtp_sink):
    """The harness on an existing task: a task put on the test's queue is run
    by a worker process on the test database, its mail reaches the sink, and
    the same task enqueued twice sends once."""
    application = ApplicationFactory(
        name="Kedrovaya Pad Reserve",
        status=MembershipApplication.Status.REJECTED,
        decision_reason="Please apply as a reserve.",
    )
    workers.start(smtp_port=smtp_sink.port, pool="solo", concurrency=1)
    for _ in range(2):
        workers.enqueue(
            "notifications.tasks.send_application_decision", application_id=application.pk
        )
    workers.wait_idle()
    assert MembershipApplication.objects.get(pk=application.pk).applicant_notified_at
    assert smtp_sink.per_recipient() == {application.applicant.email: 1}


def test_worker_killed_mid_digest_run_every_member_gets_exactly_one_digest(workers, smtp_sink):
    """SIGKILL while both pool processes are in the middle of sending (their
    claims taken, no message handed over yet) and others wait unacknowledged
    in the broker; a new worker gets the lost tasks back (visibility timeout),
    takes the dead claims over (claim timeout) and every member ends with one
    digest mail and one "sent" DigestDelivery."""
    users = members(300, "digest", daily_digest=True)
    ArticleFactory(
        title="Snares removed along the Tumen river",
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    now = timezone.now()
    period_key = now.date().isoformat()

    first = workers.start(smtp_port=smtp_sink.port, concurrency=2)
    workers.enqueue("notifications.tasks.send_digests", now=now.isoformat())
    workers.wait_for(lambda: smtp_sink.count() >= 30, what="the first digests to arrive")
    smtp_sink.hold()
    workers.wait_for(
        lambda: smtp_sink.waiting_senders() == 2, what="both pool processes to be sending"
    )
    first.kill()
    delivered_before_kill = smtp_sink.count()
    claimed_by_the_dead = DigestDelivery.objects.filter(state=DeliveryState.SENDING).count()
    smtp_sink.release()
    assert 30 <= delivered_before_kill < len(users), "the kill did not land mid-run"
    assert claimed_by_the_dead == 2

    second = workers.start(smtp_port=smtp_sink.port, concurrency=2)
    workers.wait_for(
        lambda: DigestDelivery.objects.filter(state=DeliveryState.SENT).count() == len(users),
        timeout=120,
        what="every digest to be sent",
    )
    workers.wait_idle()

    assert smtp_sink.per_recipient("digest") == {user.email: 1 for user in users}
    assert smtp_sink.count() == len(users)
    # The tasks the dead worker had taken came back (acks_late) and ran.
    lost = task_ids(first.log(), "received") - task_ids(first.log(), "succeeded")
    assert lost
    assert lost <= task_ids(second.log(), "succeeded")
    deliveries = DigestDelivery.objects.all()
    assert deliveries.count() == len(users)
    assert set(deliveries.values_list("period_key", "state")) == {(period_key, DeliveryState.SENT)}


def test_reminders_wait_for_the_mail_server_and_arrive_once(workers):
    """The SMTP server is down when reminders fall due: every send fails and is
    retried with growing intervals (1 s, 2 s, ...); once the server is up,
    every (meeting, member, offset) reminder arrives exactly once."""
    sink = SmtpSink()  # its port is chosen, nothing listens on it yet
    now = timezone.now()
    users = members(6, "remind")
    meetings = meetings_due_for_reminder(3, users, now)
    due = {(meeting.pk, user.pk, DAY_BEFORE) for meeting in meetings for user in users}

    workers.start(smtp_port=sink.port, concurrency=2)
    workers.enqueue("notifications.tasks.send_due_reminders", now=now.isoformat())
    try:
        # Each reminder failed three times: at once, after 1 s and after 2 s.
        workers.wait_for(
            lambda: (
                ReminderDelivery.objects.filter(
                    offset_minutes=DAY_BEFORE, attempts__gte=3, state=DeliveryState.FAILED
                ).count()
                == len(due)
            ),
            timeout=60,
            what="every reminder to have failed three times",
        )
        assert not ReminderDelivery.objects.filter(state=DeliveryState.SENT).exists()
        assert sink.count() == 0
        sink.start()
        workers.wait_for(
            lambda: ReminderDelivery.objects.filter(state=DeliveryState.SENT).count() == len(due),
            timeout=60,
            what="every reminder to be sent",
        )
        workers.wait_idle()
    finally:
        sink.stop()

    sent = ReminderDelivery.objects.filter(state=DeliveryState.SENT)
    assert set(sent.values_list("meeting_id", "user_id", "offset_minutes")) == due
    assert set(reminders_received(sink, meetings, users).values()) == {1}
    assert sink.count() == len(due)
    # The superseded "7 days before" reminders are recorded, not sent.
    assert (
        ReminderDelivery.objects.filter(offset_minutes=WEEK_BEFORE)
        .exclude(state=DeliveryState.SKIPPED)
        .count()
        == 0
    )
    log = workers.logs()
    assert "Retry in 1s" in log
    assert "Retry in 2s" in log
    assert "ConnectionRefusedError" in log


def test_beat_firing_twice_with_two_workers_sends_nothing_twice(workers, smtp_sink):
    """Both periodic tasks enqueued twice for the same instant: the second run
    finds nothing recorded yet and enqueues every send again, and two
    workers run the duplicates side by side. Each member still gets one
    digest and one reminder per meeting."""
    users = members(40, "beat", daily_digest=True)
    ArticleFactory(
        title="Camera traps in the Changbai mountains",
        publish_at=timezone.now() - datetime.timedelta(hours=1),
    )
    now = timezone.now()
    meetings = meetings_due_for_reminder(2, users, now)
    for task in ("send_digests", "send_digests", "send_due_reminders", "send_due_reminders"):
        workers.enqueue(f"notifications.tasks.{task}", now=now.isoformat())

    # One worker alone first: the queue is first in, first out, so the four
    # periodic runs all finish before any send starts, and each enqueues all.
    first = workers.start(smtp_port=smtp_sink.port, pool="solo", concurrency=1)
    workers.wait_for(
        lambda: (
            len(returned(first.log(), "send_digests")) == 2
            and len(returned(first.log(), "send_due_reminders")) == 2
        ),
        what="the four periodic runs to finish",
    )
    assert returned(first.log(), "send_digests") == [len(users)] * 2
    assert returned(first.log(), "send_due_reminders") == [len(users) * len(meetings)] * 2
    workers.start(smtp_port=smtp_sink.port, pool="solo", concurrency=1)
    workers.wait_for(
        lambda: (
            DigestDelivery.objects.filter(state=DeliveryState.SENT).count() == len(users)
            and ReminderDelivery.objects.filter(state=DeliveryState.SENT).count()
            == len(users) * len(meetings)
        ),
        timeout=90,
        what="every digest and reminder to be sent",
    )
    workers.wait_idle()

    assert smtp_sink.per_recipient("digest") == {user.email: 1 for user in users}
    assert set(reminders_received(smtp_sink, meetings, users).values()) == {1}
    assert smtp_sink.count() == len(users) * (1 + len(meetings))
