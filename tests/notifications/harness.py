"""Real parts for fault-tolerance tests: an SMTP sink, Celery worker processes
and a bounded wait.

- `SmtpSink`: an aiosmtpd server on 127.0.0.1 at a fixed port that can be
  started late (the mail server is down until then) and stopped.
- `WorkerProcess`: `celery worker` as a separate OS process in its own process
  group, so `kill()` is a real SIGKILL of the worker and its pool children.
  It uses the test's database (PostgreSQL, committed rows: the test must be
  `django_db(transaction=True)`), the Redis broker and the test's own queue.
- `Workers`: the workers of one test, on a queue of its own; `close()` stops
  them, purges the queue and forgets its unacknowledged messages, so nothing
  leaks into another test.
- `wait_for`: polls a condition until it holds or a generous deadline passes;
  tests never assert timings.

The tests need PostgreSQL and Redis; without them they are skipped, unless
PORTAL_REQUIRE_SERVICES=1 (CI), where they fail.
"""

import asyncio
import collections
import contextlib
import email.message
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from celery.exceptions import AlwaysEagerIgnored
from django.conf import settings
from django.db import connection

from partnership.celery import app as celery_app

WORKER_SETTINGS = "tests.notifications.worker_settings"


# --- Services ---------------------------------------------------------------


def services_missing() -> str:
    """Why the real services are not available ("" when they are)."""
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return "needs PostgreSQL (DATABASE_URL=postgres://...)"
    if not os.environ.get("REDIS_URL"):
        return "needs Redis (REDIS_URL=redis://...)"
    return ""


def require_services():
    """Skip the test without PostgreSQL and Redis (fail when CI requires them)."""
    reason = services_missing()
    if reason:
        if os.environ.get("PORTAL_REQUIRE_SERVICES") == "1":
            pytest.fail(f"PORTAL_REQUIRE_SERVICES=1 but the fault-tolerance test {reason}")
        pytest.skip(f"fault-tolerance test {reason}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float = 60, interval: float = 0.2, what: str = "condition"):
    """Poll `condition()` until it returns something true and return that;
    fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


# --- SMTP sink --------------------------------------------------------------


def subject_of(message) -> str:
    """The subject on one line (long ones arrive folded)."""
    return " ".join(str(message["Subject"]).split())


class _Inbox(Message):
    def __init__(self, sink):
        super().__init__()
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # While the sink is held, a sending worker waits here, before DATA: a
        # worker killed now has handed over no message.
        sink = self.sink
        with sink.lock:
            sink.waiting += 1
        try:
            while sink.holding.is_set():
                await asyncio.sleep(0.01)
        finally:
            with sink.lock:
                sink.waiting -= 1
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message):
        with self.sink.lock:
            self.sink.messages.append(message)


class SmtpSink:
    """An SMTP server on 127.0.0.1:`port` that keeps every message.

    `hold()` makes every sender wait after MAIL FROM (before the message is
    handed over) until `release()`; `waiting()` says how many are waiting.
    """

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self.waiting = 0
        self._controller = None

    def hold(self):
        self.holding.set()

    def release(self):
        self.holding.clear()

    def waiting_senders(self) -> int:
        with self.lock:
            return self.waiting

    def start(self):
        self._controller = Controller(_Inbox(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def snapshot(self) -> list[email.message.Message]:
        with self.lock:
            return list(self.messages)

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def per_recipient(self, subject_contains: str = "") -> collections.Counter:
        """How many messages each address received (optionally only those
        whose subject contains a text)."""
        counter = collections.Counter()
        for message in self.snapshot():
            if subject_contains and subject_contains not in subject_of(message):
                continue
            for address in str(message["To"]).split(","):
                counter[address.strip().lower()] += 1
        return counter


# --- Worker processes -------------------------------------------------------


def database_url_for_worker() -> str:
    """The URL of the database this test uses (pytest-django's test database)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    """`celery -A partnership worker` in a process group of its own."""

    def __init__(
        self, *, queue, smtp_port, log_path: Path, pool="prefork", concurrency=2, env=None
    ):
        self.queue = queue
        self.log_path = log_path
        self.killed = False
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "partnership",
            "worker",
            f"--pool={pool}",
            f"--concurrency={concurrency}",
            "-Q",
            queue,
            "-n",
            f"{log_path.stem}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
            "--loglevel=INFO",
        ]
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CELERY_", "EMAIL_", "NOTIFICATIONS_", "PYTEST_"))
        }
        environment.update(
            {
                "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS,
                "DATABASE_URL": database_url_for_worker(),
                "REDIS_URL": os.environ["REDIS_URL"],
                "CELERY_BROKER_URL": os.environ["REDIS_URL"],
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
                "EMAIL_TIMEOUT": "10",
                # A dead worker's task comes back after 3 s; its "sending"
                # claim is taken over after 5 s; retries 1, 2, 4, 4... s apart.
                "CELERY_VISIBILITY_TIMEOUT": "3",
                "NOTIFICATIONS_CLAIM_TIMEOUT": "5",
                "NOTIFICATIONS_RETRY_BACKOFF": "1",
                "NOTIFICATIONS_RETRY_BACKOFF_MAX": "4",
                "NOTIFICATIONS_RETRY_JITTER": "False",
                "NOTIFICATIONS_MAX_RETRIES": "30",
                "PORTAL_TEST_QUEUE": queue,
                "PYTHONUNBUFFERED": "1",
            }
        )
        environment.update(env or {})
        self._log = open(log_path, "ab")  # noqa: SIM115 (closed in stop/kill)
        self.process = subprocess.Popen(  # the command is ours: sys.executable and fixed args
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60):
        wait_for(
            lambda: " ready." in self.log() or self.process.poll() is not None,
            timeout=timeout,
            what=f"worker {self.log_path.stem} to start",
        )
        if self.process.poll() is not None:
            raise AssertionError(f"worker exited ({self.process.returncode}):\n{self.log()}")
        return self

    def check_alive(self):
        """Fail at once (with the worker's log) if a worker not killed by the
        test has died, instead of waiting for a timeout."""
        if not self.killed and self.process.poll() is not None:
            raise AssertionError(
                f"worker {self.log_path.stem} exited ({self.process.returncode}):\n"
                + self.log()[-5000:]
            )

    def kill(self):
        """SIGKILL the worker and its pool children at once: no clean-up, no
        acknowledgement, exactly like a machine losing power."""
        self.killed = True
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self._log.close()

    def stop(self, timeout: float = 20):
        """Cold shutdown (SIGQUIT: the test is over, nothing is left to
        finish); SIGKILL if it does not end in time."""
        if self.process.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGQUIT)
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
        # pool children left behind by a killed parent
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        self._log.close()


def _unacked_of(client, queue: str) -> dict:
    """{delivery tag: payload} of the messages taken from `queue` by a worker
    and not acknowledged yet (running, waiting for their countdown, or left
    by a dead worker)."""
    found = {}
    for tag, payload in client.hgetall("unacked").items():
        try:
            _message, _exchange, routing_key = json.loads(payload)
        except (ValueError, TypeError):
            continue
        if routing_key == queue:
            found[tag] = payload
    return found


def queue_is_idle(queue: str) -> bool:
    """Nothing waits in the queue and nothing taken from it is unacknowledged."""
    with celery_app.connection_for_write() as broker:
        client = broker.default_channel.client
        return not client.llen(queue) and not _unacked_of(client, queue)


def forget_queue(queue: str):
    """Purge the queue and drop its unacknowledged messages and bindings, so
    that no later worker restores them."""
    with celery_app.connection_for_write() as broker:
        channel = broker.default_channel
        channel.queue_purge(queue)
        client = channel.client
        for tag in _unacked_of(client, queue):
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
        for key in client.scan_iter("_kombu.binding.*"):
            for member in client.smembers(key):
                if member.decode(errors="replace").endswith(queue):
                    client.srem(key, member)


class Workers:
    """Worker processes of one test, all consuming its own queue."""

    def __init__(self, *, log_dir: Path):
        self.queue = f"test-ft-{uuid.uuid4().hex[:12]}"
        self.log_dir = log_dir
        self.started: list[WorkerProcess] = []

    def start(self, *, smtp_port: int, **options) -> WorkerProcess:
        log_path = self.log_dir / f"{self.queue}-w{len(self.started) + 1}.log"
        worker = WorkerProcess(queue=self.queue, smtp_port=smtp_port, log_path=log_path, **options)
        self.started.append(worker)
        return worker

    def enqueue(self, task_name: str, **kwargs):
        """Put a task on this test's queue through the broker (never eager)."""
        with warnings.catch_warnings():
            # send_task always goes through the broker; that is the point here.
            warnings.simplefilter("ignore", AlwaysEagerIgnored)
            return celery_app.send_task(task_name, kwargs=kwargs, queue=self.queue)

    def wait_for(self, condition, **options):
        """`wait_for`, failing early if one of the workers died by itself."""

        def checked():
            for worker in self.started:
                worker.check_alive()
            return condition()

        return wait_for(checked, **options)

    def wait_idle(self, timeout: float = 90):
        """Wait until every task of this test has run to its end, retries and
        redeliveries included (idle twice, a second apart)."""

        def idle_twice():
            if not queue_is_idle(self.queue):
                return False
            time.sleep(1)
            return queue_is_idle(self.queue)

        self.wait_for(idle_twice, timeout=timeout, what=f"queue {self.queue} to be idle")

    def logs(self) -> str:
        return "\n".join(worker.log() for worker in self.started)

    def close(self):
        for worker in self.started:
            worker.stop()
        forget_queue(self.queue)
