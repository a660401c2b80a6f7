"""Settings of the Celery worker processes that the fault-tolerance tests start.

The ordinary settings, read from the environment the harness gives the worker
(DATABASE_URL of the test database, REDIS_URL, EMAIL_URL of the SMTP sink,
CELERY_VISIBILITY_TIMEOUT and NOTIFICATIONS_* of a few seconds), plus the one
thing the environment cannot say: the test's own queue is the default queue,
so that the tasks a periodic task enqueues stay on it.
"""

import os

from partnership.settings.base import *  # noqa: F403

DEBUG = False
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["PORTAL_TEST_QUEUE"]
PUBLIC_PAGE_CACHE_SECONDS = 0
