"""Test settings: fast hashing, email kept in memory, tasks run in process.

The real worker, broker and SMTP server are exercised by dedicated tests that
switch these off for themselves.
"""

from .base import *  # noqa: F403

DEBUG = False
# A permission name that no rule or model defines raises (common.authz).
AUTHZ_STRICT = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# --- Nothing shared with a portal run from the same checkout -----------------
# `make run` keeps its database, broker folder and uploads in var/; the tests
# keep theirs in var/test/ (SQLite tests use an in-memory database, PostgreSQL
# ones the separate test_<name> database), so `make test` passes while
# `make run` is serving from the same folder.
TEST_VAR_DIR = VAR_DIR / "test"  # noqa: F405
MEDIA_ROOT = TEST_VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = TEST_VAR_DIR / "private-media"
if CELERY_BROKER_URL == "filesystem://":  # noqa: F405
    _test_broker_dir = TEST_VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_test_broker_dir),
        "data_folder_out": str(_test_broker_dir),
        "processed_folder": str(_test_broker_dir / "processed"),
        "control_folder": str(_test_broker_dir / "control"),
        "store_processed": False,
    }
# On a shared Redis, the tests' tasks and cache keys are their own too.
CELERY_TASK_DEFAULT_QUEUE = "portal-tests"
if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = "portal-tests"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "common.storage.PublicFileSystemStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Page caching is tested on its own (tests/partnership/test_pagecache.py).
PUBLIC_PAGE_CACHE_SECONDS = 0
CONTENT_BLOCK_CACHE_SECONDS = 0  # tests that measure it switch it on

# A listener of common.events that raises fails the test (after the other
# listeners ran), as an eager task does with CELERY_TASK_EAGER_PROPAGATES.
EVENTS_PROPAGATE_ERRORS = True
