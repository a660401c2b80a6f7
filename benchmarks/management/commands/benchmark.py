"""Measure every page against what Django itself does on this machine.

Seeds a large data set into its own database, then, in one run:

1. serves the baseline (`benchmarks/baseline.py`: its own WSGI application,
   no middleware) with gunicorn and loads a bare view and a view listing 20
   rows from the database;
2. serves the portal with gunicorn, page cache on, and loads every public page
   as a visitor (cached);
3. serves it with the page cache off and loads every public page as a visitor
   (live) and the pages each demo role uses, signed in as that role;
4. streams the /data/ CSV and XLSX downloads of 10,000 and 100,000 patrol
   rows and records their peak memory;

and prints one table: requests per second, 95th-percentile latency, errors
and the ratio to its baseline (cached pages to the bare view, live and
signed-in pages to the 20-row view) against the bar of each. The load comes
from `wrk` when it is installed (Debian package `wrk`), otherwise from a pool
of Python client threads (which then cap what can be measured). Rerun it any
time:

    .venv/bin/python manage.py benchmark --organisations 2000 --seconds 5

With DATABASE_URL pointing at PostgreSQL it uses a database named
`<name>_benchmark` on the same server; otherwise var/benchmark.sqlite3.
"""

import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BASELINE = [("bare view", "/bare/"), ("bare view, 20 rows", "/rows/")]
PUBLIC_PAGES = [
    ("home", "/"),
    ("directory", "/members/"),
    ("directory, filtered", "/members/?country=CN&type=protected-area"),
    ("directory, page 5", "/members/?page=5"),
    ("organisation profile", "/members/wwf/"),
    ("directory (Russian)", "/ru/members/"),
    ("news", "/news/"),
    ("events", "/events/"),
    ("working groups", "/working-groups/"),
    ("activities", "/activities/"),
    ("population and patrol figures", "/data/"),
    ("search", "/search/?q=tiger"),
]
# (demo account, page label, path or a key of the addresses the seed prints)
SIGNED_IN_PAGES = [
    ("secretariat", "dashboard", "/dashboard/"),
    ("secretariat", "activities", "/activities/"),
    ("committee", "dashboard", "/dashboard/"),
    ("committee", "review queue", "/review/"),
    ("focal-cn", "dashboard", "/dashboard/"),
    ("focal-cn", "applications", "/members/applications/"),
    ("lead-monitoring", "a group", "group"),
    ("lead-monitoring", "a meeting", "meeting"),
    ("member-monitoring", "dashboard", "/dashboard/"),
    ("member-monitoring", "activities", "/activities/"),
    ("rep-wwf", "dashboard", "/dashboard/"),
    ("centre-cn", "news", "/news/"),
    ("user", "dashboard", "/dashboard/"),
]
BARS = {"cached": 0.6, "live": 0.1, "signed in": 0.06}

# Both PostgreSQL and SQLite know the statement.
ANALYZE_SNIPPET = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
"""

# Signs each demo account in (a session in the portal's own session store)
# and prints the session keys and the addresses of a group and a meeting.
SESSIONS_SNIPPET = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from importlib import import_module
from django.conf import settings
from meetings.models import Meeting
from workinggroups.models import WorkingGroup
from django.middleware.csrf import _get_new_csrf_string
store = import_module(settings.SESSION_ENGINE).SessionStore
keys = {}
# Each signed-in browser also holds the CSRF cookie that its sign-in form set.
csrf = {}
for user in get_user_model().objects.filter(email__endswith="@demo.example"):
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    keys[user.email.split("@")[0]] = session.session_key
    csrf[user.email.split("@")[0]] = _get_new_csrf_string()
lead = get_user_model().objects.get(email="lead-monitoring@demo.example")
group = WorkingGroup.objects.filter(memberships__user=lead).first()
meeting = Meeting.objects.filter(group=group).order_by("starts_at").first()
print(json.dumps({"sessions": keys, "csrf": csrf, "group": group.get_absolute_url(),
                  "meeting": meeting.get_absolute_url() if meeting else "/dashboard/"}))
"""

# Streams the /data/ patrol downloads of `rows` rows and prints their peak
# memory (tracemalloc) and time; adds the rows it lacks first.
EXPORT_SNIPPET = """
import datetime, json, time, tracemalloc
from django.test import Client
from monitoring.models import PatrolSummary
from activities.models import ProtectedArea, InformationCentre
rows = %(rows)d
have = PatrolSummary.objects.count()
if have < rows:
    area = ProtectedArea.objects.order_by("pk").first()
    centre = InformationCentre.objects.order_by("pk").first()
    start = datetime.date(1900, 1, 1)
    PatrolSummary.objects.bulk_create(
        (PatrolSummary(protected_area=area, centre=centre, source="Benchmark patrol log",
                       period_start=start + datetime.timedelta(days=n),
                       period_end=start + datetime.timedelta(days=n),
                       patrol_days=1, km_patrolled=12)
         for n in range(have, rows)), batch_size=5000)
# A database with more rows (an earlier, bigger run) downloads about `rows`
# of them: the benchmark's own, one a day from 1900, up to the year they fill.
query, counted = "", PatrolSummary.objects.all()
if PatrolSummary.objects.count() > rows:
    last_year = 1900 + rows // 366
    query, counted = f"?year_to={last_year}", counted.filter(period_end__year__lte=last_year)
result = {}
for file_format in ("csv", "xlsx"):
    client = Client(HTTP_HOST="127.0.0.1")
    # Warm up (imports, URLs, translations) on an empty download first.
    b"".join(client.get(f"/data/patrols.{file_format}?year_from=2100").streaming_content)
    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(f"/data/patrols.{file_format}{query}")
    size = sum(len(part) for part in response.streaming_content)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result[file_format] = {"bytes": size, "seconds": seconds, "peak": peak,
                           "rows": counted.count()}
print(json.dumps(result))
"""

WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("P95_US %d\\n", latency:percentile(95)))
  io.write(string.format("P50_US %d\\n", latency:percentile(50)))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def benchmark_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "portal"
        return urlunsplit(parts._replace(path=f"/{name}_benchmark"))
    return f"sqlite:///{settings.VAR_DIR / 'benchmark.sqlite3'}"


def fetch(port, path, cookie=None) -> int:
    """One request, given all the time it needs; its status (0: no answer)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
    except OSError:
        return 0
    finally:
        connection.close()
    return response.status


def load_wrk(port, path, seconds, connections, cookie=None):
    """Requests per second, median and 95th-percentile latency, errors (wrk)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    command = [
        shutil.which("wrk"),
        "-t2",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-s",
        script.name,
        "-H",
        "Host: 127.0.0.1",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 - wrk, our arguments
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=False
    ).stdout
    os.unlink(script.name)

    def number(pattern, default=0.0):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    errors = int(number(r"ERRORS (\d+)"))  # non-2xx/3xx answers included
    return (
        number(r"Requests/sec:\s+([\d.]+)"),
        number(r"P50_US (\d+)") / 1000,
        number(r"P95_US (\d+)") / 1000,
        errors,
    )


def load_threads(port, path, seconds, threads, cookie=None):
    """Requests per second, median and 95th-percentile latency, errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Host": "127.0.0.1", **({"Cookie": cookie} if cookie else {})}

    def client():
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    failed += 1
                    continue
            except OSError:
                failed += 1
                continue
            mine.append(time.monotonic() - started)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    workers = [threading.Thread(target=client) for _ in range(threads)]
    begin = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - begin
    if not latencies:
        return 0.0, 0.0, 0.0, errors[0]
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return len(latencies) / elapsed, statistics.median(ordered) * 1000, p95 * 1000, errors[0]


class Command(BaseCommand):
    help = "Seed a large data set, serve it with gunicorn and measure every page in one run."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--seconds", type=float, default=5.0)
        parser.add_argument(
            "--connections", type=int, default=16, help="Concurrent clients (wrk connections)."
        )
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument(
            "--export-rows",
            type=int,
            default=100_000,
            help="Rows of the largest streamed download measured (0: skip).",
        )
        parser.add_argument(
            "--threads", action="store_true", help="Load with Python threads even if wrk exists."
        )
        parser.add_argument(
            "--only",
            default="",
            help="Measure only the pages whose kind or label holds this text (e.g. 'signed in', "
            "'dashboard'); the baseline is always measured.",
        )
        parser.add_argument(
            "--reuse-data",
            action="store_true",
            help="Measure the data an earlier run seeded, without seeding again.",
        )

    def _run(self, env, *args) -> str:
        result = subprocess.run(  # noqa: S603 - our interpreter, our arguments
            [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise CommandError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
        return result.stdout

    def _seed(self, env, count):
        self.stdout.write(f"Seeding {count} organisations into {env['DATABASE_URL']} ...")
        if env["DATABASE_URL"].startswith("postgres"):
            self._create_postgres_database(env["DATABASE_URL"])
        self._run(env, "migrate", "--noinput")
        # The demo accounts too (seeded only with DEBUG on): the signed-in pages.
        self._run({**env, "DJANGO_SETTINGS_MODULE": "partnership.settings.dev"}, "seed_demo")
        self._run(env, "shell", "-c", SEED_SNIPPET % {"count": count})
        # Fresh tables have no planner statistics until autovacuum gets to
        # them; measure the plans a running site has (e.g. the GIN index for
        # search instead of a row-by-row scan), not those of the first second.
        self._run(env, "shell", "-c", ANALYZE_SNIPPET)

    def _create_postgres_database(self, url):
        import psycopg2
        from psycopg2 import sql

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        connection = psycopg2.connect(admin_url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        connection.close()

    def _serve(self, env, port, workers, application, ready_path):
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                application,
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", ready_path, headers={"Host": "127.0.0.1"})
                if connection.getresponse().status < 500:  # a signed-in page redirects
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError(f"gunicorn ({application}) did not start")

    def _measure(self, env, port, workers, application, pages, cookies=None):
        """[(label, path, rps, p50, p95, errors)] of `pages` on one server."""
        server = self._serve(env, port, workers, application, pages[0][1])
        rows = []
        try:
            for label, path, *account in pages:
                cookie = cookies.get(account[0]) if account else None
                if fetch(port, path, cookie) != 200:  # first, one request: fills the cache
                    self.stderr.write(f"{label} ({path}) did not answer 200 on its first request")
                self.load(port, path, min(1.0, self.seconds), cookie)  # warm up (and the cache)
                rows.append((label, path, *self.load(port, path, self.seconds, cookie)))
        finally:
            server.terminate()
            server.wait(timeout=15)
        return rows

    def load(self, port, path, seconds, cookie=None):
        if self.use_wrk:
            return load_wrk(port, path, seconds, self.connections, cookie)
        return load_threads(port, path, seconds, self.connections, cookie)

    def handle(self, *args, organisations, seconds, connections, workers, port, **options):
        self.seconds, self.connections = seconds, connections
        self.use_wrk = bool(shutil.which("wrk")) and not options["threads"]
        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="partnership.settings.benchmark",
            DATABASE_URL=benchmark_database_url(),
            SECRET_KEY="benchmark-only-not-secret-" + "x" * 30,
        )
        if not options["reuse_data"]:
            self._seed(env, organisations)
        seeded = json.loads(
            self._run(env, "shell", "-c", SESSIONS_SNIPPET).strip().splitlines()[-1]
        )
        # A browser's cookies: the session and the CSRF secret (without the
        # latter every page would set a new one, as for a first visit).
        cookies = {
            account: f"{settings.SESSION_COOKIE_NAME}={key}; "
            f"{settings.CSRF_COOKIE_NAME}={seeded['csrf'][account]}"
            for account, key in seeded["sessions"].items()
        }
        signed_in = [
            (f"{page} ({account})", seeded.get(path, path), account)
            for account, page, path in SIGNED_IN_PAGES
            if account in cookies
        ]
        baseline_env = {**env, "DJANGO_SETTINGS_MODULE": "benchmarks.baseline"}
        sections = {
            "baseline": self._measure(
                baseline_env, port, workers, "benchmarks.baseline:application", BASELINE
            )
        }
        only = options["only"].lower()

        def chosen(kind, pages):
            return [page for page in pages if only in f"{kind} {page[0]}".lower()]

        env["PUBLIC_PAGE_CACHE_SECONDS"] = "300"
        if cached := chosen("cached", PUBLIC_PAGES):
            sections["cached"] = self._measure(env, port, workers, "partnership.wsgi", cached)
        env["PUBLIC_PAGE_CACHE_SECONDS"] = "0"
        public, private = chosen("live", PUBLIC_PAGES), chosen("signed in", signed_in)
        if public or private:
            live = self._measure(env, port, workers, "partnership.wsgi", public + private, cookies)
            sections["live"], sections["signed in"] = live[: len(public)], live[len(public) :]
        # The baseline again: the machine's speed drifts over a run (and from
        # run to run); the ratios are against the mean of both measurements.
        sections["baseline after"] = self._measure(
            baseline_env, port, workers, "benchmarks.baseline:application", BASELINE
        )
        # The pages' table first: a download that fails must not lose it.
        self._print(sections, organisations, workers, env["DATABASE_URL"])
        exports = {}
        if options["export_rows"]:
            for rows in sorted({min(10_000, options["export_rows"]), options["export_rows"]}):
                out = self._run(env, "shell", "-c", EXPORT_SNIPPET % {"rows": rows})
                exports[rows] = json.loads(out.strip().splitlines()[-1])
            self._print_exports(exports)

    def _print(self, sections, organisations, workers, database_url):
        tool = (
            f"wrk, {self.connections} connections"
            if self.use_wrk
            else (f"{self.connections} Python client threads")
        )
        self.stdout.write(
            f"\n{os.cpu_count()} cores, gunicorn {workers} sync workers, {tool}, "
            f"{self.seconds:g} s per page, {organisations} organisations, "
            f"database {database_url.split('://')[0]}, "
            f"cache {'redis' if settings.REDIS_URL else 'local memory'}\n"
        )
        header = (
            f"{'kind':10} {'page':44} {'req/s':>8} {'p95 ms':>8} {'errors':>6} "
            f"{'ratio':>6} {'bar':>5}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        bare = {
            label: (rps + after) / 2
            for (label, _path, rps, *_rest), (_label, _path2, after, *_rest2) in zip(
                sections["baseline"], sections["baseline after"], strict=True
            )
        }
        reference = {
            "baseline": None,
            "baseline after": None,
            "cached": bare["bare view"],
            "live": bare["bare view, 20 rows"],
            "signed in": bare["bare view, 20 rows"],
        }
        failing = 0
        for kind, rows in sections.items():
            for label, _path, rps, _p50, p95, errors in rows:
                ratio = bar = verdict = ""
                if reference[kind]:
                    value = rps / reference[kind]
                    ratio, bar = f"{value:6.2f}", f"{BARS[kind]:5.2f}"
                    verdict = "" if value >= BARS[kind] and not errors else "  below"
                    failing += bool(verdict)
                shown_kind, shown_label = kind, label
                if kind == "baseline after":
                    shown_kind, shown_label = "baseline", f"{label}, after the pages"
                self.stdout.write(
                    f"{shown_kind:10} {shown_label[:44]:44} {rps:8.0f} {p95:8.1f} {errors:6d} "
                    f"{ratio:>6} {bar:>5}{verdict}"
                )
        self.stdout.write(
            "\nratio: cached pages against the bare view, live and signed-in pages against "
            "the 20-row view (both served without the portal's middleware, measured before "
            f"and after the pages: the mean of the two); {failing} below their bar."
        )
        self.stdout.write(
            "live and signed in: the page cache off; the layout fragments and content "
            f"blocks on, as in production (CONTENT_BLOCK_CACHE_SECONDS="
            f"{settings.CONTENT_BLOCK_CACHE_SECONDS})."
        )

    def _print_exports(self, exports):
        if exports:
            self.stdout.write("\nstreamed downloads of /data/ patrol summaries (one request each)")
            self.stdout.write(f"{'rows':>8} {'format':6} {'MB':>8} {'seconds':>8} {'peak MB':>8}")
            for formats in exports.values():
                for file_format, result in formats.items():
                    self.stdout.write(
                        f"{result['rows']:8d} {file_format:6} {result['bytes'] / 1e6:8.1f} "
                        f"{result['seconds']:8.2f} {result['peak'] / 1e6:8.1f}"
                    )


SEED_SNIPPET = """
import random
from stakeholders.models import Country, Organisation, StakeholderType, Person
count = %(count)d
existing = Organisation.objects.count()
if existing < count:
    countries = list(Country.objects.all()); kinds = list(StakeholderType.objects.all())
    rng = random.Random(7)
    batch = []
    for i in range(existing, count):
        batch.append(Organisation(
            slug=f"benchmark-organisation-{i}", name=f"Benchmark organisation {i}",
            normalized_name=f"benchmarkorganisation{i}", acronym=f"BO{i}",
            country=rng.choice(countries), stakeholder_type=rng.choice(kinds),
            description="Joint patrols, camera traps and snare removal along the border. " * 3,
            status="active", joined_on="2020-01-01"))
    Organisation.objects.bulk_create(batch, batch_size=500)
"""
