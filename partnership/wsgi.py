"""WSGI entry point (gunicorn partnership.wsgi).

Cached public pages are answered in front of Django (common/pagecache.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings.production")

application = get_wsgi_application()

from common.pagecache import PageCacheApplication  # noqa: E402 - needs the settings

application = PageCacheApplication(application)
