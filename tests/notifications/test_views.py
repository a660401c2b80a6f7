"""The notification list, unread count, marking read, preferences and the
one-click unsubscribe pages."""

import pytest
from django.core import signing
from django.urls import reverse

from notifications.models import Notification
from notifications.services import preferences_for, unsubscribe_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _notify(user, title="Meeting changed: Winter survey"):
    return Notification.objects.create(user=user, kind="meeting_updated", title=title, url="/")


def test_list_needs_login(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_list_shows_own_notifications_and_unread_count(client, member):
    _notify(member, "Mine")
    _notify(UserFactory(), "Not mine")
    response = client.get(reverse("notifications:list"))
    content = response.content.decode()
    assert "Mine" in content and "Not mine" not in content
    assert "1 unread notification" in content


def test_mark_one_and_all_read(client, member):
    first, second, third = _notify(member), _notify(member), _notify(member)
    other = _notify(UserFactory())
    assert client.get(reverse("notifications:read", args=[first.pk])).status_code == 405
    client.post(reverse("notifications:read", args=[first.pk]))
    client.post(reverse("notifications:read", args=[other.pk]))  # someone else's: no effect
    first.refresh_from_db(), other.refresh_from_db()
    assert first.is_read and not other.is_read
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    assert {second.pk, third.pk} <= set(
        Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True)
    )


def test_mark_read_needs_csrf(member):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    note = _notify(member)
    assert client.post(reverse("notifications:read", args=[note.pk])).status_code == 403


def test_unread_count_costs_anonymous_visitors_no_query(client):
    client.get(reverse("news:list"))  # warm up
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("news:list"))
    assert not any("notifications_notification" in q["sql"] for q in queries)


def test_unread_count_is_one_query_for_members(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _notify(member)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("profile"))
    assert sum("notifications_notification" in q["sql"] for q in queries) == 1


def test_preferences_page_saves_and_rejects_bad_input(client, member):
    url = reverse("notifications:preferences")
    assert reverse("notifications:preferences") in client.get(reverse("profile")).content.decode()
    response = client.post(
        url,
        {
            "digest_frequency": "daily",
            "digest_hour": "6",
            "email_reminders": "on",
            "reminder_offsets": ["60", "1440"],
        },
    )
    assert response.status_code == 302
    preference = preferences_for(member)
    assert preference.digest_frequency == "daily" and preference.digest_hour == 6
    assert preference.offsets == [1440, 60]
    assert not preference.email_digest and not preference.email_meeting_updates
    bad = client.post(url, {"digest_frequency": "hourly", "digest_hour": "25"})
    assert bad.status_code == 400
    preference.refresh_from_db()
    assert preference.digest_frequency == "daily"


def test_one_click_unsubscribe_turns_off_that_kind_only(client):
    user = UserFactory()
    path = unsubscribe_path(user, "digest")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = preferences_for(user)
    assert not preference.email_digest
    assert preference.email_reminders and preference.email_meeting_updates


def test_unsubscribe_get_asks_first(client):
    user = UserFactory()
    response = client.get(unsubscribe_path(user, "reminders"))
    assert response.status_code == 200 and b"<form" in response.content
    assert preferences_for(user).email_reminders


def test_tampered_or_other_kind_link_changes_nothing(client):
    user = UserFactory()
    path = unsubscribe_path(user, "digest")
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(tampered).status_code == 400
    other_kind = path.replace("/digest/", "/reminders/")
    assert client.post(other_kind).status_code == 400
    unknown = path.replace("/digest/", "/everything/")
    assert client.post(unknown).status_code == 400
    assert preferences_for(user).email_digest
    assert preferences_for(user).email_reminders


def test_expired_link_changes_nothing(client, settings, monkeypatch):
    user = UserFactory()
    settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE = 60
    token = signing.dumps(
        {"u": user.pk, "k": "digest"}, salt="notifications.unsubscribe.digest", compress=True
    )
    later = signing.time.time() + 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(reverse("notifications:unsubscribe", args=["digest", token]))
    assert response.status_code == 400
    assert b"expired" in response.content
    assert preferences_for(user).email_digest
