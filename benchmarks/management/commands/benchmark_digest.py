"""Measure a digest run for many members:

    .venv/bin/python manage.py benchmark_digest --users 10000

Seeds that many members (daily and weekly digests, in several time zones,
each in a working group and an organisation, with news, group meetings and
action items to report) inside a transaction that is rolled back at the end,
so nothing stays in the database (on SQLite the database is locked for
writing meanwhile). Then it times and counts the queries of:

1. the scan: the `send_digests` periodic task itself, which reads members in
   batches and enqueues one `send_digest` per member whose digest is due. The
   enqueue is recorded instead of published, so no worker mails anyone;
2. the content, batched: `digest.build_digests` for every due member, batch
   by batch, and each member's mail rendered (not sent);
3. a sample of the per-member `send_digest` task run in process (claim,
   content, render, locmem "send", mark sent), to show its cost per member.

Phases 1 and 2 must cost a fixed number of queries per batch, whatever the
number of members; the command fails when they do not. Also printed: members
per second and the machine's core count.
"""

from __future__ import annotations

import datetime
import logging
import os
import time
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from notifications import digest, services, tasks
from notifications.mail import build_mail
from notifications.models import DigestDelivery, MailKind, NotificationPreference

TIME_ZONES = ["Asia/Vladivostok", "Asia/Shanghai", "Asia/Seoul", "Europe/Moscow", "UTC"]
EMAIL_DOMAIN = "digest-benchmark.invalid"
GROUPS = 20


class RecordedEnqueue:
    """Stands in for `send_digest` during the scan: records what would be
    enqueued (the broker is not what is measured here)."""

    def __init__(self):
        self.calls: list[tuple[int, str]] = []

    def delay(self, user_id, period_key, now=None):
        self.calls.append((user_id, period_key))


def seed(users: int, now: datetime.datetime) -> list[int]:
    """Members whose digest is due at `now`, with something to report."""
    from meetings.models import ActionItem, Meeting
    from news.models import Article
    from stakeholders.models import Country, Organisation, Person, StakeholderType
    from workinggroups.models import GroupMembership, GroupRole, WorkingGroup

    country, _ = Country.objects.get_or_create(
        code="ZZB", defaults={"name": "Digest benchmark land"}
    )
    kind, _ = StakeholderType.objects.get_or_create(
        slug="digest-benchmark", defaults={"name": "Digest benchmark type"}
    )
    organisation = Organisation.objects.create(
        slug="digest-benchmark-org",
        name="Digest benchmark organisation",
        country=country,
        stakeholder_type=kind,
    )
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(
            slug=f"digest-benchmark-{n}", name=f"Digest benchmark group {n}", mandate="Benchmark."
        )
        for n in range(GROUPS)
    )
    User = get_user_model()
    members = User.objects.bulk_create(
        (
            User(
                email=f"member{n}@{EMAIL_DOMAIN}",
                full_name=f"Benchmark member {n}",
                time_zone=TIME_ZONES[n % len(TIME_ZONES)],
            )
            for n in range(users)
        ),
        batch_size=2000,
    )
    NotificationPreference.objects.bulk_create(
        (
            NotificationPreference(
                user=member,
                # Weekly digests are due all week after Monday's hour.
                digest_frequency=NotificationPreference.Frequency.DAILY
                if n % 2
                else NotificationPreference.Frequency.WEEKLY,
                digest_hour=0,
            )
            for n, member in enumerate(members)
        ),
        batch_size=2000,
    )
    Person.objects.bulk_create(
        (
            Person(organisation=organisation, user=member, full_name=member.full_name)
            for member in members
        ),
        batch_size=2000,
    )
    GroupMembership.objects.bulk_create(
        (
            GroupMembership(
                group=groups[n % GROUPS],
                user=member,
                organisation=organisation,
                role=GroupRole.MEMBER,
            )
            for n, member in enumerate(members)
        ),
        batch_size=2000,
    )
    Article.objects.bulk_create(
        Article(
            slug=f"digest-benchmark-{n}",
            title=f"Benchmark news {n}",
            summary="Benchmark.",
            body="<p>Benchmark.</p>",
            author_organisation=organisation,
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(hours=n + 1),
        )
        for n in range(15)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            kind=Meeting.Kind.GROUP,
            group=group,
            title=f"Benchmark meeting of {group.name}",
            starts_at=now + datetime.timedelta(days=10),
            ends_at=now + datetime.timedelta(days=10, hours=2),
            venue="Benchmark hall",
        )
        for group in groups
    )
    ActionItem.objects.bulk_create(
        (
            ActionItem(
                meeting=meetings[n % GROUPS],
                title=f"Benchmark action {n}",
                assignee_user=member,
                due_on=now.date() + datetime.timedelta(days=(n % 20) - 5),
            )
            for n, member in enumerate(members)
            if n % 10 == 0
        ),
        batch_size=2000,
    )
    return [member.pk for member in members]


def measure(*, users: int, sample: int = 100) -> dict:
    """Seed, run the three phases and return the numbers (the seed stays
    only if the caller's transaction commits; `handle` rolls it back)."""
    now = timezone.now()
    seed(users, now)
    User = get_user_model()
    results = {"users": users, "batch_size": settings.NOTIFICATIONS_DIGEST_BATCH_SIZE}

    recorder = RecordedEnqueue()
    with (
        mock.patch.object(tasks, "send_digest", recorder),
        CaptureQueriesContext(connection) as queries,
    ):
        started = time.perf_counter()
        tasks.send_digests(now=now.isoformat())
        results["scan_seconds"] = time.perf_counter() - started
    results["scan_queries"] = len(queries)
    results["due"] = len(recorder.calls)

    due_ids = [user_id for user_id, _key in recorder.calls]
    batch_size = settings.NOTIFICATIONS_DIGEST_BATCH_SIZE
    rendered = 0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        for first in range(0, len(due_ids), batch_size):
            batch = list(User.objects.filter(pk__in=due_ids[first : first + batch_size]))
            preferences = services.preferences_by_user([member.pk for member in batch])
            since = {
                member.pk: preferences[member.pk].last_digest_at
                or now - digest.period_length(preferences[member.pk])
                for member in batch
            }
            contents = digest.build_digests(batch, since=since, now=now)
            for member in batch:
                if contents[member.pk].is_empty:
                    continue
                build_mail(
                    user=member,
                    kind=MailKind.DIGEST,
                    template="digest",
                    context={"digest": contents[member.pk], "period_key": "benchmark"},
                    subject=digest.subject,
                ).message()
                rendered += 1
        results["content_seconds"] = time.perf_counter() - started
    results["content_queries"] = len(queries)
    results["rendered"] = rendered
    results["batches"] = -(-len(due_ids) // batch_size) if due_ids else 0

    sample_calls = recorder.calls[:sample]
    # Celery's "Task ... succeeded" line for each would bury the table.
    trace_log = logging.getLogger("celery.app.trace")
    level = trace_log.level
    trace_log.setLevel(logging.WARNING)
    try:
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            CaptureQueriesContext(connection) as queries,
        ):
            started = time.perf_counter()
            for user_id, period_key in sample_calls:
                tasks.send_digest.apply(args=(user_id, period_key), throw=True)
            results["task_seconds"] = time.perf_counter() - started
    finally:
        trace_log.setLevel(level)
    results["task_queries"] = len(queries)
    results["task_sample"] = len(sample_calls)
    results["task_sent"] = DigestDelivery.objects.filter(
        user_id__in=[user_id for user_id, _key in sample_calls], state="sent"
    ).count()
    return results


class Command(BaseCommand):
    help = "Time a digest run for many members and count its queries (nothing is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=10_000)
        parser.add_argument(
            "--sample", type=int, default=100, help="members whose send_digest task is run"
        )

    def handle(self, *args, users, sample, **options):
        if users < 1:
            raise CommandError("--users must be at least 1.")
        if get_user_model().objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
            raise CommandError(f"Members @{EMAIL_DOMAIN} exist already: remove them first.")
        self.stdout.write(f"Seeding {users} members (rolled back at the end) ...")
        with transaction.atomic():
            results = measure(users=users, sample=sample)
            transaction.set_rollback(True)
        self._print(results)
        per_batch_limit = 40  # queries per batch of members: generous, fixed
        for phase in ("scan", "content"):
            if results[f"{phase}_queries"] > per_batch_limit * max(results["batches"], 1):
                raise CommandError(
                    f"The {phase} made {results[f'{phase}_queries']} queries for "
                    f"{results['batches']} batches: it grows with the number of members."
                )

    def _print(self, r):
        def rate(seconds, count):
            return f"{count / seconds:,.0f}" if seconds else "-"

        self.stdout.write(
            f"\n{r['users']:,} members, {r['due']:,} digests due, batches of "
            f"{r['batch_size']} ({r['batches']} batches), {os.cpu_count()} CPU cores, "
            f"{connection.vendor}\n"
        )
        header = f"{'phase':<34}{'seconds':>9}{'queries':>9}{'q/batch':>9}{'members/s':>11}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        batches = max(r["batches"], 1)
        for label, seconds, queries, count in (
            ("scan (send_digests)", r["scan_seconds"], r["scan_queries"], r["due"]),
            ("content + render, batched", r["content_seconds"], r["content_queries"], r["due"]),
        ):
            self.stdout.write(
                f"{label:<34}{seconds:>9.2f}{queries:>9}{queries / batches:>9.1f}"
                f"{rate(seconds, count):>11}"
            )
        if r["task_sample"]:
            per_task = r["task_queries"] / r["task_sample"]
            self.stdout.write(
                f"{'send_digest task, per member':<34}"
                f"{r['task_seconds'] / r['task_sample']:>9.3f}{per_task:>9.1f}{'':>9}"
                f"{rate(r['task_seconds'], r['task_sample']):>11}"
            )
            self.stdout.write(
                f"\nThe per-member task ({r['task_sent']}/{r['task_sample']} sent in the sample) "
                f"costs a fixed {per_task:.0f} queries per member by design: one small, "
                "idempotent task each."
            )
