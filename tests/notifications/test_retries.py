"""Retry budgets of the mail tasks: waiting for another worker's claim does
not spend NOTIFICATIONS_MAX_RETRIES; failed sends do; the backoff cap stays
below the broker's visibility timeout."""

import smtplib
from unittest import mock

import pytest
from celery.canvas import Signature
from celery.exceptions import Retry

from notifications.tasks import BusyClaim, send_reminder


@pytest.fixture
def as_worker():
    """Run `send_reminder.retry` as a worker would, on its n-th retry; the
    message it would publish is recorded instead (no broker here)."""
    published = []

    def record(signature, *args, **kwargs):
        published.append(signature)

    def run(retries, exc):
        send_reminder.push_request(
            id="test-task",
            args=[1, 2, 1440],
            kwargs={},
            retries=retries,
            delivery_info={},
            called_directly=False,
            is_eager=False,
        )
        try:
            with mock.patch.object(Signature, "apply_async", record):
                send_reminder.retry(exc=exc)
        finally:
            send_reminder.pop_request()

    run.published = published
    return run


def test_waiting_for_a_claim_does_not_spend_the_retry_budget(as_worker, settings):
    settings.NOTIFICATIONS_MAX_RETRIES = 3
    settings.NOTIFICATIONS_CLAIM_TIMEOUT = 300
    with pytest.raises(Retry):
        as_worker(3, BusyClaim("busy"))  # the budget is used up by failures...
    (again,) = as_worker.published  # ...yet the wait goes back on the queue
    assert again.options["retries"] == 3  # not counted
    assert again.options["countdown"] == 300


def test_failed_sends_spend_the_budget_and_stop_at_its_end(as_worker, settings):
    settings.NOTIFICATIONS_MAX_RETRIES = 3
    settings.NOTIFICATIONS_RETRY_JITTER = False
    with pytest.raises(Retry):
        as_worker(1, smtplib.SMTPServerDisconnected("down"))
    assert as_worker.published[0].options["retries"] == 2
    with pytest.raises(smtplib.SMTPServerDisconnected):
        as_worker(3, smtplib.SMTPServerDisconnected("still down"))
    assert len(as_worker.published) == 1


def test_backoff_cap_is_below_the_visibility_timeout(monkeypatch):
    """The defaults, as a deployment without these variables gets them."""
    import importlib

    monkeypatch.delenv("NOTIFICATIONS_RETRY_BACKOFF_MAX", raising=False)
    monkeypatch.delenv("CELERY_VISIBILITY_TIMEOUT", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/7")
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    from partnership.settings import base

    try:
        fresh = importlib.reload(base)
        visibility = fresh.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        assert visibility / 2 >= fresh.NOTIFICATIONS_RETRY_BACKOFF_MAX
    finally:
        monkeypatch.undo()
        importlib.reload(base)
