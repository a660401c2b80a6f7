"""Background work for the committee: small, idempotent tasks that call services."""

import datetime

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .services import procedures_close_due


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def close_due_procedures(now: str | None = None) -> int:
    """Close the written procedures whose deadline has passed (beat, every
    minute). Each closes once whatever the number of beats and workers: the
    service claims a procedure with a conditional UPDATE. `now` (ISO 8601)
    lets tests and operators run it at a chosen instant. A database error
    rolls one procedure's closing back whole; the retry finds it still open."""
    moment = parse_datetime(now) if now else None
    if now and moment is None:
        raise ValueError(f"not an ISO 8601 date-time: {now!r}")
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return procedures_close_due(moment)
