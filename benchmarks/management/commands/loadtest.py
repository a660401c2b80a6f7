"""A load scenario against a running portal: visitors and signed-in members of
every role for a bounded time, while digests and reminders run. Prints the
throughput and the 95th-percentile latency of every page; exits 1 if any
request failed. A benchmark to rerun, not a test:

    # the portal under load: gunicorn on PostgreSQL and Redis, a worker, demo data
    DEBUG=true .venv/bin/python manage.py seed_demo     # the demo accounts
    .venv/bin/gunicorn partnership.wsgi -w 4 -b 127.0.0.1:18620 &
    .venv/bin/celery -A partnership worker &
    .venv/bin/python manage.py loadtest --url http://127.0.0.1:18620 --seconds 60

Members sign in through the login form (DEMO_PASSWORD); a production portal
behind no TLS proxy is told the request was HTTPS (X-Forwarded-Proto), as its
proxy would.
"""

import http.client
import itertools
import re
import statistics
import threading
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

VISITOR_PAGES = [
    ("home", "home", {}),
    ("directory", "stakeholders:directory", {}),
    ("news", "news:list", {}),
    ("activities", "activities:list", {}),
    ("events", "meetings:events", {}),
    ("figures", "monitoring:index", {}),
    ("search", "search:search", {"q": "tiger"}),
]
MEMBER_PAGES = [
    ("dashboard", "dashboard", {}),
    ("library", "documents:library", {}),
    ("working groups", "workinggroups:list", {}),
    ("notifications", "notifications:list", {}),
    ("meetings", "meetings:list", {}),
    ("directory (signed in)", "stakeholders:directory", {}),
    ("activities (signed in)", "activities:list", {}),
]


def _paths(pages):
    out = []
    for label, name, query in pages:
        path = reverse(name)
        out.append((label, f"{path}?{urlencode(query)}" if query else path))
    return out


class Client:
    """One browser: its own connection and cookies."""

    def __init__(self, url):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies = {}
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}:{self.port}{path}",
            **(headers or {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
        return response.status, data

    def sign_in(self, email, password):
        path = reverse("account_login")
        status, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not token:
            raise CommandError(f"The login page answered {status}.")
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "login": email, "password": password}
        )
        status, _ = self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise CommandError(f"{email} could not sign in ({status}); run seed_demo with DEBUG.")


class Command(BaseCommand):
    help = (
        "Load a running portal with visitors and signed-in members of every role for a "
        "bounded time while digests and reminders run; print throughput and p95 per page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")
        parser.add_argument("--seconds", type=float, default=30)
        parser.add_argument("--visitors", type=int, default=6, help="visitor threads")
        parser.add_argument(
            "--no-background", action="store_true", help="do not queue digests and reminders"
        )

    def handle(self, *args, url, seconds, visitors, no_background, **options):
        from stakeholders.demo import DEMO_ACCOUNTS

        members = []
        for account in DEMO_ACCOUNTS:
            client = Client(url)
            client.sign_in(account.email, settings.DEMO_PASSWORD)
            members.append((account.role or "member", client))
        samples = defaultdict(list)  # page -> [seconds]
        errors = defaultdict(int)
        lock = threading.Lock()
        deadline = time.monotonic() + seconds

        def run(client, who, pages):
            for label, path in itertools.cycle(pages):
                if time.monotonic() >= deadline:
                    return
                started = time.monotonic()
                try:
                    status, _ = client.request("GET", path)
                except OSError:
                    status = 0
                elapsed = time.monotonic() - started
                with lock:
                    samples[label].append(elapsed)
                    if status != 200:
                        errors[(label, who, status)] += 1

        threads = [
            threading.Thread(target=run, args=(Client(url), "visitor", _paths(VISITOR_PAGES)))
            for _ in range(visitors)
        ]
        threads += [
            threading.Thread(target=run, args=(client, role, _paths(MEMBER_PAGES)))
            for role, client in members
        ]
        background = 0
        started = time.monotonic()
        for thread in threads:
            thread.start()
        while time.monotonic() < deadline:
            if not no_background:
                from notifications.tasks import send_digests, send_due_reminders

                send_digests.delay()
                send_due_reminders.delay()
                background += 2
            time.sleep(min(5, max(0, deadline - time.monotonic())))
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        self._report(samples, errors, elapsed, len(threads), background)
        if errors:
            raise CommandError(f"{sum(errors.values())} requests failed: {dict(errors)}")

    def _report(self, samples, errors, elapsed, clients, background):
        self.stdout.write(
            f"{clients} clients for {elapsed:.1f} s; {background} digest/reminder runs queued"
        )
        self.stdout.write(f"{'page':<26}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}")
        total = 0
        for label in sorted(samples):
            times = sorted(samples[label])
            total += len(times)
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            self.stdout.write(
                f"{label:<26}{len(times):>9}{len(times) / elapsed:>8.1f}"
                f"{statistics.median(times) * 1000:>8.0f}{p95 * 1000:>8.0f}"
            )
        self.stdout.write(f"{'all':<26}{total:>9}{total / elapsed:>8.1f}")
        self.stdout.write(f"errors: {sum(errors.values())}")
