"""The tests share no state with a portal run from the same checkout: `make
run` (the dev settings) and `make test` (the test settings) have different
databases, broker folders, task queues and upload folders, so that a running
portal's worker never takes a test's task and a test never writes where the
demo reads."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
options = settings.CELERY_BROKER_TRANSPORT_OPTIONS or {}
print(json.dumps({
    "database": str(settings.DATABASES["default"]["NAME"]),
    "broker_url": settings.CELERY_BROKER_URL,
    "broker_folders": sorted(str(v) for k, v in options.items() if k.endswith("folder_in")),
    "queue": getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery"),
    "media": [str(settings.MEDIA_ROOT), str(settings.PRIVATE_MEDIA_ROOT)],
}))
"""


def _run_settings():
    """What `make run` would use, read in a fresh interpreter from the same
    environment (less the test runner's own variables)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    environment["DJANGO_SETTINGS_MODULE"] = "partnership.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_tests_and_the_running_portal_share_nothing(db):
    run = _run_settings()
    test_database = str(connection.settings_dict["NAME"])
    assert test_database != run["database"]
    if settings.CELERY_BROKER_URL == "filesystem://" and run["broker_url"] == "filesystem://":
        ours = settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"]
        assert ours not in run["broker_folders"]
        assert Path(ours).resolve().is_relative_to((REPO / "var" / "test").resolve())
    assert run["queue"] != settings.CELERY_TASK_DEFAULT_QUEUE
    ours = {str(settings.MEDIA_ROOT), str(settings.PRIVATE_MEDIA_ROOT)}
    assert not ours & set(run["media"])
