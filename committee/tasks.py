"""Background work for the committee: small, idempotent tasks that call services."""

from celery import shared_task
from django.db import OperationalError

from .services import procedures_close_due


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def close_due_procedures(now: str | None = None) -> int:
    """Close the written procedures whose deadline has passed (beat, every
    minute). Each closes once whatever the number of beats and workers: the
    service claims a procedure with a conditional UPDATE. `now` (ISO 8601)
    lets tests and operators run it at a chosen instant. A database error
    rolls one procedure's closing back whole; the retry finds it still open."""
    from django.utils.dateparse import parse_datetime

    return procedures_close_due(parse_datetime(now) if now else None)
