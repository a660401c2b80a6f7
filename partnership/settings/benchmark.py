"""Settings for `manage.py benchmark`: production-like (DEBUG off, templates
cached), plain HTTP on loopback. The baseline views are their own WSGI
application (benchmarks/baseline.py)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
