"""Background work for the committee: small, idempotent tasks over services."""

import smtplib

from celery import shared_task

from notifications.mail import send_committee_decision_email

from .services import decision_notify


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 8},
)
def notify_decision(decision_id: int) -> int:
    """Email everyone involved in a submission about its decision (once each)."""
    return decision_notify(decision_id=decision_id, send=send_committee_decision_email)
