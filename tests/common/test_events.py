"""The event bus (common.events): after commit only, ids not objects, names
from the catalogue, every listener heard even when one fails."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from common import events

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def heard(monkeypatch):
    """A test event with two payload fields and a recording listener."""
    monkeypatch.setitem(events.CATALOGUE, "test.happened", ("thing_id", "count"))
    received = []

    def record(**payload):
        received.append(payload)

    events.listen("test.happened")(record)
    yield received
    for listener in events.listeners_of("test.happened"):
        events.unlisten("test.happened", listener)


def a_user():
    return get_user_model().objects.create_user(email="bus@example.org", password="x")


def test_listeners_hear_only_after_commit_with_ids(heard):
    with transaction.atomic():
        user = a_user()
        events.publish("test.happened", user, count=2)
        assert heard == []  # not inside the transaction
    assert heard == [{"event": "test.happened", "thing_id": user.pk, "count": 2}]
    assert isinstance(heard[0]["thing_id"], int)


def test_nothing_is_heard_when_the_transaction_rolls_back(heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish("test.happened", thing_id=1, count=1)
        raise RuntimeError
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            events.publish("test.happened", thing_id=2, count=1)
            raise RuntimeError
        events.publish("test.happened", thing_id=3, count=1)
    assert [payload["thing_id"] for payload in heard] == [3]


def test_outside_a_transaction_listeners_hear_at_once(heard):
    events.publish("test.happened", thing_id=5, count=0)
    assert heard == [{"event": "test.happened", "thing_id": 5, "count": 0}]


def test_objects_are_refused_in_the_payload(heard):
    user = a_user()
    with pytest.raises(TypeError, match="id or a plain value"):
        events.publish("test.happened", thing_id=user, count=1)
    with pytest.raises(TypeError, match="carries"):
        events.publish("test.happened", user)  # count missing
    with pytest.raises(TypeError, match="carries"):
        events.publish("test.happened", user, count=1, extra=2)
    assert heard == []


def test_unknown_events_are_refused_at_publish_and_at_listen():
    with pytest.raises(events.UnknownEvent, match=r"workplan\.submited"):
        events.publish("workplan.submited", thing_id=1)
    with pytest.raises(events.UnknownEvent):
        events.listen("no.such.event")


def test_a_failing_listener_does_not_stop_the_others(heard, settings, caplog):
    def broken(**payload):
        raise ValueError("listener bug")

    events.listen("test.happened")(broken)
    events.listen("test.happened")(lambda **payload: heard.append(("after", payload["count"])))
    settings.EVENTS_PROPAGATE_ERRORS = False
    with caplog.at_level(logging.ERROR, logger="common.events"), transaction.atomic():
        events.publish("test.happened", thing_id=1, count=7)
    assert heard == [{"event": "test.happened", "thing_id": 1, "count": 7}, ("after", 7)]
    assert "broken" in caplog.text and "listener bug" in caplog.text

    # the tests' setting: every listener still runs, then the error is raised
    settings.EVENTS_PROPAGATE_ERRORS = True
    heard.clear()
    with pytest.raises(ValueError, match="listener bug"), transaction.atomic():
        events.publish("test.happened", thing_id=2, count=8)
    assert heard == [{"event": "test.happened", "thing_id": 2, "count": 8}, ("after", 8)]


def test_every_published_event_has_a_listener_and_every_listener_a_known_event():
    """The catalogue holds no dead names: each event is heard by someone."""
    unheard = [name for name in events.CATALOGUE if not events.listeners_of(name)]
    assert unheard == []
