"""The Celery app. Configuration comes from Django settings (CELERY_*)."""

import contextlib
import logging
import os
import time
from pathlib import Path

from celery import Celery, signals
from prometheus_client import Counter, Histogram

from common import requestid

logger = logging.getLogger(__name__)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings.dev")

app = Celery("partnership")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

TASKS = Counter("portal_celery_tasks_total", "Celery tasks run, by outcome", ["task", "state"])
TASK_SECONDS = Histogram("portal_celery_task_seconds", "Time a Celery task ran", ["task"])


@app.on_after_configure.connect
def _ensure_filesystem_broker_folders(sender, **kwargs):
    """The embedded file-system broker needs its folders before first use."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)


# --- Request ids and metrics -------------------------------------------------
# A task queued while a request runs carries the request's id in its headers
# (common/requestid.py); the worker logs the task's lines under that id.
@signals.before_task_publish.connect
def _carry_request_id(headers=None, **kwargs):
    if headers is not None and "request_id" not in headers:
        headers["request_id"] = requestid.get()


@signals.task_prerun.connect
def _adopt_request_id(task=None, **kwargs):
    headers = getattr(task.request, "headers", None) or {}
    request_id = (
        getattr(task.request, "request_id", None)
        or headers.get("request_id")
        or (requestid.get() if requestid.get() != "-" else None)  # eager, inside the request
        or task.request.id
        or "-"
    )
    task.request.request_id_token = requestid.set_id(request_id)
    task.request.started_at = time.monotonic()
    logger.info("Task %s[%s] started", task.name, task.request.id)


@signals.task_postrun.connect
def _count_task(task=None, state=None, **kwargs):
    started = getattr(task.request, "started_at", None)
    TASKS.labels(task=task.name, state=state or "UNKNOWN").inc()
    if started is not None:
        TASK_SECONDS.labels(task=task.name).observe(time.monotonic() - started)
    token = getattr(task.request, "request_id_token", None)
    if token is not None:
        with contextlib.suppress(ValueError):  # set in another context
            requestid.reset(token)


@signals.worker_ready.connect
def _serve_worker_metrics(**kwargs):
    """The worker's own /metrics on CELERY_METRICS_PORT, for Prometheus."""
    port = int(os.environ.get("CELERY_METRICS_PORT", "0") or 0)
    if port:
        from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server

        registry = REGISTRY
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # The prefork pool's children count the tasks: add up their files.
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        addr = os.environ.get("CELERY_METRICS_ADDR", "127.0.0.1")
        start_http_server(port, addr=addr, registry=registry)
