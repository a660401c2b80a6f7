"""What operators see: metrics only with the token, a request id in the logs
and in the tasks a request queues, a cache that degrades to a miss while Redis
is away, and the admin's "needs attention" box."""

import datetime
import logging

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from common import requestid
from common.cache import DegradingRedisCache
from monitoring.models import ImportJob
from notifications.models import DeliveryState, DigestDelivery
from partnership import celery as portal_celery
from tests.factories import UserFactory
from tests.factories.monitoring import InformationCentreFactory

pytestmark = pytest.mark.django_db


# --- /metrics -------------------------------------------------------------------
def test_metrics_are_not_public(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404  # no token configured: nobody
    settings.METRICS_TOKEN = "scrape-secret-0123456789"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_metrics_count_requests_queries_tasks_and_the_queue(client, settings):
    settings.METRICS_TOKEN = "scrape-secret-0123456789"
    client.get("/")
    portal_celery.TASKS.labels(task="notifications.send_digests", state="SUCCESS").inc()
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-0123456789")
    assert response.status_code == 200
    text = response.content.decode()
    for metric in (
        "django_http_requests_total_by_view_transport_method_total",
        "django_http_requests_latency_seconds_by_view_method",
        "django_db_execute_total",
        "portal_celery_tasks_total",
        "portal_celery_queue_length",
    ):
        assert metric in text, metric


# --- Request ids --------------------------------------------------------------
def test_every_response_and_log_line_carries_the_request_id(client, caplog):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-id-12345678")
    assert response["X-Request-ID"] == "proxy-id-12345678"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith a newline")["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()  # a fresh one, not the header's

    handler_filter = requestid.RequestIdFilter()
    record = logging.LogRecord("x", logging.INFO, "f", 1, "hello", None, None)
    token = requestid.set_id("abc-request-1")
    try:
        handler_filter.filter(record)
    finally:
        requestid.reset(token)
    assert record.request_id == "abc-request-1"


def test_a_task_queued_by_a_request_carries_its_id_into_the_worker():
    headers = {}
    token = requestid.set_id("req-0123456789")
    try:
        portal_celery._carry_request_id(headers=headers)
    finally:
        requestid.reset(token)
    assert headers["request_id"] == "req-0123456789"

    class Request:
        id = "task-id"
        request_id = "req-0123456789"

    class Task:
        name = "notifications.send_digests"
        request = Request()

    portal_celery._adopt_request_id(task=Task)
    assert requestid.get() == "req-0123456789"  # the worker's log lines
    portal_celery._count_task(task=Task, state="SUCCESS")
    assert requestid.get() == "-"


def test_json_logs(settings):
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    record = logging.LogRecord("portal", logging.WARNING, "f", 1, "mail failed", None, None)
    record.request_id = "req-1"
    line = formatter.format(record)
    assert '"request_id": "req-1"' in line
    assert '"level": "WARNING"' in line
    assert '"message": "mail failed"' in line


# --- Redis away: the cache is a miss ----------------------------------------
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "common.cache.DegradingRedisCache",
            "LOCATION": "redis://127.0.0.1:18697/5",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    },
    PUBLIC_PAGE_CACHE_SECONDS=60,
)
def test_pages_still_serve_when_redis_is_away(client):
    cache = caches["default"]
    assert isinstance(cache, DegradingRedisCache)
    assert cache.get("anything", "missed") == "missed"
    cache.set("anything", 1)  # dropped, no error
    assert cache.add("anything", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert client.get("/").status_code == 200  # the cached public page, uncached
    assert client.get("/news/").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["cache"].startswith("error")


# --- The admin's "needs attention" ------------------------------------------------
def test_the_admin_index_shows_failed_deliveries_and_stuck_imports(secretariat_client):
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    centre = InformationCentreFactory()
    stuck = ImportJob.objects.create(
        centre=centre, kind="population", file_format="csv", status="running", total=10
    )
    ImportJob.objects.filter(pk=stuck.pk).update(heartbeat_at=long_ago, created_at=long_ago)
    ImportJob.objects.create(centre=centre, kind="population", file_format="csv", status="done")
    DigestDelivery.objects.create(
        user=UserFactory(), period_key="2026-12-01", state=DeliveryState.FAILED
    )
    page = secretariat_client.get("/admin/").content.decode()
    assert "Needs attention" in page
    assert "Digests that could not be sent: 1" in page
    assert "Imports stuck without progress: 1" in page
    listing = secretariat_client.get("/admin/monitoring/importjob/?attention=stuck")
    assert listing.status_code == 200
    assert list(listing.context["cl"].queryset) == [stuck]


def test_metrics_add_up_several_workers(client, settings, monkeypatch, tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (several gunicorn workers) the numbers come
    from every worker's files, and the queue length is still there."""
    settings.METRICS_TOKEN = "scrape-secret-0123456789"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-0123456789")
    assert response.status_code == 200
    assert "portal_celery_queue_length" in response.content.decode()
