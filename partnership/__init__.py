"""The Partnership Portal project package: settings, URLs, the Celery app and
the partnership-wide pieces (the user model, the authorisation module)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
