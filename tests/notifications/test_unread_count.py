"""The unread count in the header: kept in the shared cache under the user's
unread version, and current after every way a notice is added, read or
deleted."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import unread
from notifications.models import Notification
from notifications.services import notification_mark_read, notifications_mark_all_read
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notify(user, title="Meeting changed: Winter survey"):
    return Notification.objects.create(user=user, kind="meeting_updated", title=title, url="/")


def _count_queries(client, path="/dashboard/") -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return sum("notifications_notification" in q["sql"] for q in queries)


def _header(client) -> str:
    return client.get("/dashboard/").content.decode()


@pytest.fixture
def reader(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_count_is_asked_once_and_then_kept(client, reader):
    _notify(reader)
    assert _count_queries(client) == 1
    assert _count_queries(client) == 0
    assert "1 unread notification" in _header(client)


def test_a_new_notice_a_read_one_and_a_deleted_one_show_at_once(client, reader):
    first = _notify(reader)
    assert "1 unread notification" in _header(client)
    second = _notify(reader)
    assert "2 unread notifications" in _header(client)
    notification_mark_read(user=reader, notification_id=first.pk)
    assert "1 unread notification" in _header(client)
    second.delete()
    assert "unread notification" not in _header(client)
    _notify(reader), _notify(reader)
    notifications_mark_all_read(user=reader)
    assert "unread notification" not in _header(client)


def test_notices_added_in_bulk_by_an_event_show_at_once(client, reader):
    assert "unread notification" not in _header(client)
    Notification.objects.bulk_create(
        [Notification(user=reader, kind="meeting_updated", title="Bulk", url="/")]
    )
    unread.unread_changed([reader.pk])  # as notifications.events does after its bulk insert
    assert "1 unread notification" in _header(client)


def test_marking_read_through_the_pages_shows_at_once(client, reader):
    note = _notify(reader)
    assert "1 unread notification" in _header(client)
    client.post(reverse("notifications:read", args=[note.pk]))
    assert "unread notification" not in _header(client)


def test_one_users_change_keeps_anothers_count(client):
    user, other = UserFactory(), UserFactory()
    _notify(other)
    client.force_login(other)
    assert _count_queries(client) == 1
    _notify(user)
    assert _count_queries(client) == 0


@pytest.mark.django_db(transaction=True)
def test_a_change_in_a_transaction_retires_the_count_again_when_it_commits():
    """A count read between the change and the commit (from the rows before
    it) must not stay current: the version moves on at the commit too."""
    user = UserFactory()
    key = unread._version_key(user.pk)
    with transaction.atomic():
        _notify(user)
        during = unread.cache.get(key)
        assert unread.unread_count(user) == 1  # this connection sees its own row
    after = unread.cache.get(key)
    assert after > during
    assert unread.unread_count(user) == 1
