"""Operations: liveness, readiness, metrics and the media files.

- `/healthz`: liveness, cheap: the process answers (no database, no network).
- `/readyz`: readiness: the database, the cache (Redis), the Celery broker and
  the file storage answer; 503 with the failing part named otherwise. The
  reverse proxy and the orchestrator send traffic only to ready nodes.
- `/metrics`: Prometheus metrics (django-prometheus: requests, latencies,
  database queries; partnership.celery: tasks; queue length read at scrape
  time). Not public: only with `Authorization: Bearer <METRICS_TOKEN>`, and
  404 when no token is configured.
- `/media/<path>`: the files of the default storage (logos, photos, news
  images), streamed from the storage so no bucket address is ever given out.
"""

import contextlib
import hmac
import logging
import mimetypes
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from common import storage

logger = logging.getLogger(__name__)


@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request):
    """Liveness: this process serves requests."""
    return JsonResponse({"status": "ok"})


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    # The degrading cache never raises; a lost round trip is what shows.
    value = str(time.monotonic())
    cache.set("readyz", value, 10)
    if cache.get("readyz") != value:
        raise ConnectionError("no round trip")


def _check_broker():
    from partnership.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _check_storage():
    storage.probe(storage.private_storage)
    storage.probe(default_storage)


READINESS_CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
    "storage": _check_storage,
}


@transaction.non_atomic_requests  # the database check must not need the database first
@never_cache
@require_safe
def readyz(request):
    """Readiness: every shared part this node needs answers."""
    checks = {}
    for name, check in READINESS_CHECKS.items():
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            logger.warning("Readiness check %s failed: %r", name, error)
            checks[name] = f"error: {error.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


@never_cache
@require_safe
def metrics(request):
    """Prometheus text format, for the scraper holding METRICS_TOKEN only."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Http404
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several gunicorn workers: add up their files (prometheus_client's
        # multiprocess mode), plus the queue length read now.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_queue_collector)
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


@require_safe
def media(request, path):
    """A file of the default storage (public images), streamed from it."""
    if not path or path.startswith("/") or ".." in path.split("/"):
        raise Http404
    try:
        handle = storage.guard(default_storage.open, path, "rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    content_type, _encoding = mimetypes.guess_type(path)
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=3600)
    return response


# --- Celery queue length, read from the broker at scrape time ----------------
class QueueLengthCollector(Collector):
    """`portal_celery_queue_length{queue}`: tasks waiting in Redis."""

    def describe(self):
        """Its name only: registering must not reach out to Redis."""
        yield GaugeMetricFamily("portal_celery_queue_length", "", labels=["queue"])

    def collect(self):
        family = GaugeMetricFamily(
            "portal_celery_queue_length", "Tasks waiting in the Celery queue", labels=["queue"]
        )
        broker = settings.CELERY_BROKER_URL
        if broker.startswith(("redis://", "rediss://")):
            import redis

            queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
            try:
                client = redis.Redis.from_url(broker, socket_timeout=1, socket_connect_timeout=1)
                family.add_metric([queue], client.llen(queue))
            except redis.RedisError as error:
                logger.warning("Queue length unavailable: %r", error)
        yield family


_queue_collector = QueueLengthCollector()


def register_collectors():
    """Called once from PartnershipConfig.ready()."""
    with contextlib.suppress(ValueError):  # already registered (autoreload)
        REGISTRY.register(_queue_collector)
