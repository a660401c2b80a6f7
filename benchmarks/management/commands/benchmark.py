"""Measure requests per second of public pages against bare Django views.

Seeds a large data set into its own database, serves it with gunicorn on
127.0.0.1 (page cache on, then off), loads each page from a pool of client
threads for a bounded time, and prints a table. Rerun it any time:

    .venv/bin/python manage.py benchmark --organisations 2000 --seconds 5

With DATABASE_URL pointing at PostgreSQL it uses a database named
`<name>_benchmark` on the same server; otherwise var/benchmark.sqlite3.
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PAGES = [
    ("bare view", "/bench/bare/"),
    ("bare view, 20 rows", "/bench/rows/"),
    ("home", "/"),
    ("directory", "/members/"),
    ("directory, filtered", "/members/?country=CN&type=protected-area"),
    ("directory, page 5", "/members/?page=5"),
    ("organisation profile", "/members/wwf/"),
    ("directory (Russian)", "/ru/members/"),
    ("news", "/news/"),
    ("population and patrol figures", "/data/"),
    ("search", "/search/?q=tiger"),
]


# Both PostgreSQL and SQLite know the statement.
ANALYZE_SNIPPET = """
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
"""


def benchmark_database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        name = parts.path.lstrip("/") or "portal"
        return urlunsplit(parts._replace(path=f"/{name}_benchmark"))
    return f"sqlite:///{settings.VAR_DIR / 'benchmark.sqlite3'}"


def load(port: int, path: str, seconds: float, threads: int):
    """Requests per second, median and 95th-percentile latency, errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        mine, failed = [], 0
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
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
    help = "Seed a large data set, serve it with gunicorn and measure requests per second."

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=2000)
        parser.add_argument("--seconds", type=float, default=5.0)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
        parser.add_argument("--port", type=int, default=8765)

    def _run(self, env, *args):
        result = subprocess.run(  # noqa: S603 - our interpreter, our arguments
            [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise CommandError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")

    def _seed(self, env, count):
        self.stdout.write(f"Seeding {count} organisations into {env['DATABASE_URL']} ...")
        if env["DATABASE_URL"].startswith("postgres"):
            self._create_postgres_database(env["DATABASE_URL"])
        self._run(env, "migrate", "--noinput")
        self._run(env, "seed_demo", "--no-accounts")
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

    def _serve(self, env, port, workers):
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "partnership.wsgi",
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
                connection.request("GET", "/bench/bare/", headers={"Host": "127.0.0.1"})
                if connection.getresponse().status == 200:
                    return server
            except OSError:
                time.sleep(0.3)
        server.kill()
        raise CommandError("gunicorn did not start")

    def handle(self, *args, organisations, seconds, threads, workers, port, **options):
        env = os.environ.copy()
        env.update(
            DJANGO_SETTINGS_MODULE="partnership.settings.benchmark",
            DATABASE_URL=benchmark_database_url(),
            SECRET_KEY="benchmark-only-not-secret-" + "x" * 30,
        )
        self._seed(env, organisations)
        rows = []
        for cache_seconds in ("300", "0"):
            env["PUBLIC_PAGE_CACHE_SECONDS"] = cache_seconds
            server = self._serve(env, port, workers)
            try:
                for label, path in PAGES:
                    load(port, path, min(1.0, seconds), threads)  # warm up (and the cache)
                    rows.append(
                        (cache_seconds != "0", label, path, *load(port, path, seconds, threads))
                    )
            finally:
                server.terminate()
                server.wait(timeout=15)
        self._print(rows, organisations, workers, threads, env["DATABASE_URL"])

    def _print(self, rows, organisations, workers, threads, database_url):
        self.stdout.write(
            f"\n{os.cpu_count()} cores, gunicorn {workers} sync workers, {threads} client threads, "
            f"{organisations} organisations, database {database_url.split('://')[0]}, "
            f"cache {'redis' if settings.REDIS_URL else 'local memory'}\n"
        )
        header = (
            f"{'cache':6} {'page':24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}  ratio"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for cached in (True, False):
            subset = [row for row in rows if row[0] == cached]
            baseline = {row[1]: row[3] for row in subset}
            reference = baseline["bare view"] if cached else baseline["bare view, 20 rows"]
            for _cached, label, _path, rps, p50, p95, errors in subset:
                ratio = rps / reference if reference else 0.0
                self.stdout.write(
                    f"{'on' if cached else 'off':6} {label:24} {rps:8.0f} {p50:8.1f} {p95:8.1f} "
                    f"{errors:6d}  {ratio:5.2f}"
                )
        self.stdout.write(
            "\nratio: against the bare view with the cache on, and against the bare "
            "20-row view with it off; the bar is 0.50."
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
