"""WSGI entry point (gunicorn partnership.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings.production")

application = get_wsgi_application()
