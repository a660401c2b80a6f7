"""Background work for the committee: small, idempotent tasks that call services."""

from celery import shared_task

from .services import procedures_close_due


@shared_task
def close_due_procedures(now: str | None = None) -> int:
    """Close the written procedures whose deadline has passed (beat, every
    minute). Each closes once whatever the number of beats and workers: the
    service claims a procedure with a conditional UPDATE. `now` (ISO 8601)
    lets tests and operators run it at a chosen instant."""
    from django.utils.dateparse import parse_datetime

    return procedures_close_due(parse_datetime(now) if now else None)
