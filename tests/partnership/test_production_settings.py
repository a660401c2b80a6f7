"""Production settings refuse to start half-configured, and `check --deploy`
is clean once they are complete."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = {
    "DJANGO_SETTINGS_MODULE": "partnership.settings.production",
    "SECRET_KEY": "check-only-not-a-real-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "portal.example",
    "EMAIL_URL": "smtp://portal:secret@mail.example:587?tls=True",
    "SITE_URL": "https://portal.example",
    "REDIS_URL": "redis://127.0.0.1:6379/5",
    "AWS_STORAGE_BUCKET_NAME": "portal-files",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:18698",
    "AWS_ACCESS_KEY_ID": "portal",
    "AWS_SECRET_ACCESS_KEY": "portal-secret",
}
# DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for their live server, never in production.
STRIPPED = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "FILE_STORAGE",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _check(**changes):
    env = {k: v for k, v in os.environ.items() if k not in STRIPPED and k not in COMPLETE}
    env |= COMPLETE
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_complete_production_settings_pass_check_deploy():
    result = _check()
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"EMAIL_URL": None}, "EMAIL_URL must name a real mail server"),
        ({"EMAIL_URL": "consolemail://"}, "password-reset links would only be printed"),
        ({"SITE_URL": "http://portal.example"}, "SITE_URL must be the portal's https://"),
        ({"REDIS_URL": None}, "REDIS_URL must be set"),
        ({"AWS_STORAGE_BUCKET_NAME": None}, "File storage is not configured"),
        ({"AWS_SECRET_ACCESS_KEY": None}, "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
        ({"AWS_STORAGE_BUCKET_NAME": None, "FILE_STORAGE": "s3"}, "needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_production_refuses_to_start_half_configured(changes, message):
    result = _check(**changes)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Production settings are incomplete" in result.stderr
    assert message in result.stderr


def test_a_single_machine_may_keep_files_in_named_folders(tmp_path):
    result = _check(
        AWS_STORAGE_BUCKET_NAME=None,
        AWS_ACCESS_KEY_ID=None,
        AWS_SECRET_ACCESS_KEY=None,
        FILE_STORAGE="local",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    assert result.returncode == 0, result.stderr
