"""Background work for news: small, idempotent tasks that call services."""

from celery import shared_task

from .services import articles_publish_due


@shared_task
def publish_due() -> int:
    """Mark scheduled articles whose time has come as published and retire the
    cached pages rendered before it (run every minute by beat). Readers see a
    due article even if this never runs: it bounds how long a cached page can
    hide it, to the beat interval instead of the page-cache timeout."""
    return articles_publish_due()
