"""Two web nodes, one worker, object storage, PostgreSQL and Redis: the real
parts of a deployment on more than one machine, on 127.0.0.1.

Node A and node B are two gunicorn processes with production settings and
different local folders (which stay empty: every file goes to the S3 server,
moto's standalone server); a Celery worker consumes the Redis queue. Runs once,
with DATABASE_URL (PostgreSQL) and REDIS_URL set:

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N pytest -m services
"""

import contextlib
import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from stakeholders import services as member_services
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.documents import pdf_bytes
from tests.factories.monitoring import secretariat
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from tests.notifications.harness import database_url_for_worker
from workinggroups.models import GroupRole

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (ON_POSTGRES and os.environ.get("REDIS_URL")),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)",
    ),
]

PORTS = {"s3": 18610, "a": 18611, "b": 18612, "pg-proxy": 18613, "redis-proxy": 18614}
PORTS["smtp"] = 18619
BUCKET = "h16-portal-files"
PASSWORD = "real-parts-password-1"
ROOT = Path(settings.BASE_DIR)
WORKER_OPTIONS = ["--pool=solo", "--without-mingle", "--without-gossip", "--loglevel=INFO"]
WORKER_OPTIONS += ["-n", "h16@%h"]
POPULATION_HEADER = ["species", "country", "protected_area", "region", "year"]
POPULATION_HEADER += ["estimate", "low", "high", "method", "source"]


def _redis_for_nodes():
    """The nodes' Redis: the test's server, the next database number (their
    cache, sessions and broker are their own, not the test process's)."""
    base, _, number = os.environ["REDIS_URL"].rpartition("/")
    return f"{base}/{int(number or 0) + 1}"


class TcpProxy:
    """A TCP relay we control, between node B and PostgreSQL or Redis: `down()`
    cuts every connection and refuses new ones, as a restarting server does,
    without touching the real (shared) server."""

    def __init__(self, port, target):
        self.port, self.target = port, target
        self.connections = set()
        self.lock = threading.Lock()
        self.server = None

    def up(self):
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def down(self):
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        with self.lock:
            for connection in self.connections:
                _close(connection)
            self.connections.clear()

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                self.connections |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            _close(source)
            _close(sink)


def _close(connection):
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


class Process:
    def __init__(self, name, command, env, log_dir):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self):
        return self.log_path.read_text(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)
        self._log.close()


def _wait(predicate, what, timeout=90, processes=()):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.process.poll() is not None:
                raise AssertionError(f"{process.name} exited:\n{process.log()[-4000:]}")
        try:
            if predicate():
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    logs = "\n".join(f"--- {p.name}\n{p.log()[-3000:]}" for p in processes)
    raise AssertionError(f"Timed out waiting for {what}\n{logs}")


def _collected_static(env, tmp_path_factory):
    """Production serves hashed static files (a manifest): collect them once."""
    folder = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env
        | {"STATIC_ROOT": str(folder), "FILE_STORAGE": "local"}
        | {"MEDIA_ROOT": str(folder / "m"), "PRIVATE_MEDIA_ROOT": str(folder / "p")},
        check=True,
        timeout=300,
    )
    return folder


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup):
    """Started once for the module's tests, on the test database."""
    tmp_path = tmp_path_factory.mktemp("stack")
    redis_url = _redis_for_nodes()
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "PYTEST_", "AWS_", "DJANGO_"))
    }
    s3_url = f"http://127.0.0.1:{PORTS['s3']}"
    processes = []
    moto = Process(
        "s3",
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(PORTS["s3"])],
        base_env,
        tmp_path,
    )
    processes.append(moto)
    try:
        _wait(lambda: requests.get(s3_url, timeout=2).ok, "the S3 server", processes=processes)
        s3 = boto3.client(
            "s3",
            endpoint_url=s3_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        s3.create_bucket(Bucket=BUCKET)
        app_env = base_env | {
            "DJANGO_SETTINGS_MODULE": "partnership.settings.production",
            "SECRET_KEY": "real-parts-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": "https://portal.test",
            "EMAIL_URL": f"smtp://127.0.0.1:{PORTS['smtp']}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": database_url_for_worker(),
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "h16-real-parts",
            "AWS_STORAGE_BUCKET_NAME": BUCKET,
            "AWS_S3_ENDPOINT_URL": s3_url,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "MONITORING_IMPORT_INLINE_BYTES": "1024",
            "PUBLIC_PAGE_CACHE_SECONDS": "300",
            "LOG_FORMAT": "json",
            "PYTHONUNBUFFERED": "1",
        }
        app_env["STATIC_ROOT"] = str(_collected_static(app_env, tmp_path_factory))
        # Node B reaches PostgreSQL and Redis through relays the test can cut.
        database = urlsplit(app_env["DATABASE_URL"])
        redis = urlsplit(redis_url)
        proxies = {
            "postgres": TcpProxy(PORTS["pg-proxy"], (database.hostname, database.port or 5432)),
            "redis": TcpProxy(PORTS["redis-proxy"], (redis.hostname, redis.port or 6379)),
        }
        for proxy in proxies.values():
            proxy.up()
        through_proxies = {
            "DATABASE_URL": database._replace(
                netloc=database.netloc.replace(
                    f"{database.hostname}:{database.port or 5432}", f"127.0.0.1:{PORTS['pg-proxy']}"
                )
            ).geturl(),
            "REDIS_URL": f"redis://127.0.0.1:{PORTS['redis-proxy']}{redis.path}",
        }
        folders = {}
        for node in ("a", "b"):
            folders[node] = tmp_path / f"node-{node}"
            env = app_env | {
                "MEDIA_ROOT": str(folders[node] / "media"),
                "PRIVATE_MEDIA_ROOT": str(folders[node] / "private-media"),
            }
            if node == "b":
                env |= through_proxies
            command = [sys.executable, "-m", "gunicorn", "partnership.wsgi"]
            command += ["--bind", f"127.0.0.1:{PORTS[node]}", "--workers", "2"]
            processes.append(Process(f"node-{node}", command, env, tmp_path))
        worker_folder = tmp_path / "worker"
        processes.append(
            Process(
                "worker",
                [sys.executable, "-m", "celery", "-A", "partnership", "worker", *WORKER_OPTIONS],
                app_env
                | {
                    "MEDIA_ROOT": str(worker_folder / "media"),
                    "PRIVATE_MEDIA_ROOT": str(worker_folder / "private-media"),
                },
                tmp_path,
            )
        )
        for node in ("a", "b"):
            _wait(
                lambda node=node: (
                    requests.get(f"http://127.0.0.1:{PORTS[node]}/readyz", timeout=5).ok
                ),
                f"node {node} to be ready",
                processes=processes,
            )
        _wait(lambda: " ready." in processes[-1].log(), "the worker", processes=processes)
        yield {
            "s3": s3,
            "folders": [*folders.values(), worker_folder],
            "processes": processes,
            "proxies": proxies,
        }
    finally:
        for process in reversed(processes):
            process.stop()
            print(f"--- {process.name}\n{process.log()[-3000:]}")  # shown when the test fails


class Browser:
    """One person's browser against either node: cookies by hand, because the
    production cookies are Secure and the nodes speak plain HTTP behind the
    (here absent) TLS proxy, which says so in X-Forwarded-Proto."""

    def __init__(self):
        self.cookies = {}

    def request(self, node, method, path, **kwargs):
        origin = f"http://127.0.0.1:{PORTS[node]}"
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://127.0.0.1:{PORTS[node]}{path}",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method, origin + path, headers=headers, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, node, path, **kwargs):
        return self.request(node, "GET", path, **kwargs)

    def post_form(self, node, path, data, files=None):
        page = self.get(node, path)
        assert page.status_code == 200, (path, page.status_code)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request(
            node, "POST", path, data={"csrfmiddlewaretoken": token, **data}, files=files
        )

    def sign_in(self, node, user):
        response = self.post_form(
            node, reverse("account_login"), {"login": user.email, "password": PASSWORD}
        )
        assert response.status_code == 302, response.text[-2000:]
        assert "sessionid" in self.cookies


def _person(user=None):
    user = user or UserFactory()
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "realpartssalt", iterations=1000)
    user.save(update_fields=["password"])
    return user


def _population_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(POPULATION_HEADER)
    for n in range(rows):
        writer.writerow(
            ["amur_tiger", "CN", "", f"Region {n}", "2015", "5", "", "", "camera_trapping", "s"]
        )
    return buffer.getvalue().encode()


def test_two_nodes_share_sessions_files_imports_and_the_page_cache(stack):
    group = WorkingGroupFactory(slug="joint-survey")
    member = _person(add_member(group, GroupRole.MEMBER).user)
    outsider = _person()
    china = CountryFactory(code="CN", name="China")
    centre = InformationCentreFactory(
        slug="feline-research-center", host=OrganisationFactory(country=china), country=china
    )
    ProtectedAreaFactory(slug="hunchun-nature-reserve", country=china)
    secretary = _person(secretariat())
    organisation = OrganisationFactory(slug="hunchun", name="Hunchun Nature Reserve")
    representative = _person()
    member_services.person_make_representative(organisation=organisation, user=representative)

    # A document uploaded through node A downloads from node B, with its checks.
    alice = Browser()
    alice.sign_in("a", member)
    data = pdf_bytes()
    created = alice.post_form(
        "a",
        reverse("documents:create"),
        {"title": "Joint survey protocol", "description": "", "language": "en"}
        | {"access": "group", "group": str(group.pk)},
        files={"file": ("protocol.pdf", data, "application/pdf")},
    )
    assert created.status_code == 302, created.text[-2000:]
    document_path = created.headers["Location"]
    page = alice.get("b", document_path)  # the session made on A works on B
    assert page.status_code == 200
    download_path = re.search(r'href="(/documents/\d+/v1/download/?[^"]*)"', page.text).group(1)
    download = alice.get("b", download_path)
    assert download.status_code == 200
    assert download.content == data
    other = Browser()
    other.sign_in("b", outsider)
    assert other.get("b", download_path).status_code == 404
    assert Browser().get("b", download_path).status_code == 404
    keys = [o["Key"] for o in stack["s3"].list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(key.startswith("private/documents/") for key in keys)

    # A large import uploaded on A is processed by the worker; B shows the result.
    staff = Browser()
    staff.sign_in("a", secretary)
    queued = staff.post_form(
        "a",
        reverse("monitoring:import"),
        {"centre": str(centre.pk), "kind": "population", "file_format": "csv"},
        files={"file": ("figures.csv", _population_csv(300), "text/csv")},
    )
    assert queued.status_code == 302, queued.text[-2000:]
    job_path = queued.headers["Location"]
    job_id = int(re.search(r"/imports/(\d+)/", job_path).group(1))
    status_path = reverse("monitoring:import_job_status", args=[job_id])
    _wait(
        lambda: staff.get("b", status_path).json()["finished"],
        "the import's check (its preview)",
        processes=stack["processes"],
    )
    assert staff.get("b", status_path).json()["status"] == "preview"
    preview = staff.get("a", job_path).text  # the preview, with its confirmation form
    confirmed = staff.request(
        "a",
        "POST",
        reverse("monitoring:import_job_confirm", args=[job_id]),
        data={
            name: re.search(rf'name="{name}" value="([^"]+)"', preview).group(1)
            for name in ("csrfmiddlewaretoken", "token")
        },
    )
    assert confirmed.status_code == 302, confirmed.text[-2000:]
    _wait(
        lambda: staff.get("b", status_path).json()["finished"],
        "the import to finish",
        processes=stack["processes"],
    )
    status = staff.get("b", status_path).json()
    assert (status["status"], status["imported"]) == ("done", 300)
    assert "Imported" in staff.get("b", job_path).text
    # The worker logged the task under the id of the request that queued it.
    request_id = queued.headers["X-Request-ID"]
    worker_log = stack["processes"][-1].log()
    assert f'"request_id": "{request_id}"' in worker_log

    # A cached public page changed on A is fresh on B.
    visitor = Browser()
    organisation_path = reverse("stakeholders:organisation", args=["hunchun"])
    assert "Tigers and leopards since 2026" not in visitor.get("b", organisation_path).text
    assert visitor.get("b", organisation_path).status_code == 200  # now from the cache
    rep = Browser()
    rep.sign_in("a", representative)
    edited = rep.post_form(
        "a",
        reverse("stakeholders:organisation_edit", args=["hunchun"]),
        {"name": "Hunchun Nature Reserve", "acronym": "", "website": ""}
        | {"description": "Tigers and leopards since 2026."}
        # the contact people's formset, unchanged
        | {"people-TOTAL_FORMS": "0", "people-INITIAL_FORMS": "0"},
    )
    assert edited.status_code == 302, edited.text[-2000:]
    assert "Tigers and leopards since 2026" in visitor.get("b", organisation_path).text

    # No node kept a file of its own: everything is in the bucket.
    for folder in stack["folders"]:
        assert not [p for p in folder.rglob("*") if p.is_file()], folder


def _ok(browser, node, path):
    return browser.get(node, path).status_code == 200


def test_node_b_rides_out_a_redis_restart_and_a_postgresql_restart(stack):
    member = _person()
    OrganisationFactory(slug="amur", name="Amur Tiger Centre")
    signed_in = Browser()
    signed_in.sign_in("b", member)
    visitor = Browser()
    page = reverse("stakeholders:organisation", args=["amur"])
    dashboard = reverse("dashboard")
    assert _ok(visitor, "b", page)
    assert _ok(signed_in, "b", dashboard)

    # Redis away: pages are served uncached, sessions come from the database.
    stack["proxies"]["redis"].down()
    for _ in range(3):
        assert _ok(visitor, "b", page)
        assert _ok(signed_in, "b", dashboard)
    ready = Browser().get("b", "/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"].startswith("error")
    stack["proxies"]["redis"].up()
    _wait(lambda: _ok(Browser(), "b", "/readyz"), "Redis to be back", timeout=30)

    # PostgreSQL restarts: every connection is cut; the next requests reconnect.
    stack["proxies"]["postgres"].down()
    assert Browser().get("b", "/readyz").json()["checks"]["database"].startswith("error")
    stack["proxies"]["postgres"].up()
    for _ in range(4):  # both gunicorn workers, each with its dead connection
        assert _ok(visitor, "b", page)
        assert _ok(signed_in, "b", dashboard)
    assert _ok(Browser(), "b", "/readyz")
