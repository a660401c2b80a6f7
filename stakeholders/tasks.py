"""Background work for members: small, idempotent tasks that call services."""

import smtplib

from celery import shared_task

from notifications.mail import send_application_decision_email

from .services import application_notify_applicant


@shared_task(
    bind=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, OSError),
    retry_backoff=30,
    retry_kwargs={"max_retries": 8},
)
def send_application_decision(self, application_id: int) -> bool:
    """Email the applicant the decision; safe to run twice (sent once)."""
    return application_notify_applicant(
        application_id=application_id, send=send_application_decision_email
    )
