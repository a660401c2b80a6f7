"""The decision email travels the real way at least once: a real Celery worker
takes the task from the real broker (Redis in CI, the file-system broker
locally) and sends through a real SMTP server (aiosmtpd on 127.0.0.1)."""

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from celery.contrib.testing.worker import start_worker
from django.test import override_settings

from partnership.celery import app as celery_app
from stakeholders import services
from stakeholders.models import Role
from tests.factories import ApplicationFactory, RoleAssignmentFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def real_worker():
    """A worker thread consuming from the configured broker, tasks not eager."""
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as connection:
        connection.default_channel.queue_purge(celery_app.conf.task_default_queue)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield
    finally:
        celery_app.conf.task_always_eager = True


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_decision_email_goes_through_broker_worker_and_smtp(smtp_inbox, real_worker):
    inbox, port = smtp_inbox
    reviewer = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    application = ApplicationFactory(name="Kedrovaya Pad Reserve")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        services.application_reject(
            application=application, decided_by=reviewer, reason="Please apply as a reserve."
        )
        assert _wait_for(lambda: inbox.messages), "no email reached the SMTP server"
        application.refresh_from_db()
        assert _wait_for(
            lambda: type(application).objects.get(pk=application.pk).applicant_notified_at
        )
    message = inbox.messages[0]
    assert message["To"] == application.applicant.email
    assert "Kedrovaya Pad Reserve" in " ".join(message["Subject"].split())  # folded
    (text,) = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    assert "Please apply as a reserve." in text.get_payload(decode=True).decode()
    assert message["Auto-Submitted"] == "auto-generated"
    assert len(inbox.messages) == 1
