"""Domain events: a service says what happened, listeners react after commit.

A service calls `publish("workplan.submitted", version)` inside its
transaction. Nothing happens yet: the event is dispatched by
`transaction.on_commit`, so a rolled-back change tells nobody, and the
listeners receive ids and plain values (never model instances), which they
pass on to Celery tasks or use to read the committed rows again.

Every event is declared once in `CATALOGUE` with the names of its payload
fields; `publish` refuses an unknown name (a typo fails loudly, at the
call) and a payload that does not match the declaration. The first field
takes the primary key of the object passed positionally.

Listeners register explicitly for an event name with `@listen(name)` in a
module their app's `AppConfig.ready()` imports (`notifications/listeners.py`,
`meetings/listeners.py`); model signals are not used for this: they fire
inside the transaction and hide who reacts to what.

How listeners run:

- in-process, on commit, one after another in registration order. A listener
  does little itself: it enqueues the Celery task that does the work
  (passing the ids on), or makes a small write of its own. With
  CELERY_TASK_ALWAYS_EAGER (the tests) the tasks then run at once, as before.
- a listener that raises is logged (`common.events` logger, with the
  traceback) and the others still run: a broken listener costs its own
  reaction, never the caller's committed change nor the other listeners'.
  With EVENTS_PROPAGATE_ERRORS (on in the test settings, next to
  CELERY_TASK_EAGER_PROPAGATES) the first error is raised again after all
  listeners ran, so a test sees a failing listener or eager task instead of
  a log line.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction

logger = logging.getLogger(__name__)

# Every event, with its payload fields (ids first). The first field takes the
# primary key of the object given to publish() positionally.
CATALOGUE: dict[str, tuple[str, ...]] = {
    # stakeholders
    "application.submitted": ("application_id",),
    "application.decided": ("application_id",),
    "application.info_requested": ("round_id",),  # a decider asked the applicant
    "application.resubmitted": ("round_id",),  # the applicant answered
    # committee
    "review.decided": ("decision_id",),
    "review.commented": ("comment_id",),  # published only for those addressed to the submitter
    "procedure.opened": ("procedure_id",),  # seat holders are asked for their position
    "procedure.closed": ("procedure_id",),  # its outcome, a missed quorum included
    # working groups
    "group.member_added": ("group_id", "user_id"),
    "group.join_requested": ("join_request_id",),
    "workplan.submitted": ("version_id",),
    # documents
    "document.added": ("document_id", "group_id"),  # group_id: None outside groups
    # meetings (sequence: the meeting's SEQUENCE when it changed)
    "meeting.scheduled": ("meeting_id", "sequence"),
    "meeting.updated": ("meeting_id", "sequence", "moved"),
    "meeting.cancelled": ("meeting_id", "sequence"),
    "meeting.guest_invited": ("guest_id", "sequence"),  # someone without an account
    "action_item.assigned": ("action_item_id",),
    "meeting.substitute_named": ("invitation_id",),
    # accounts: a one-time sign-in link before the first two-factor enrolment
    "account.admin_enrolment_link": ("user_id",),
    # activities
    "activity.proposed": ("activity_id",),
    "report.submitted": ("report_id",),
}

PLAIN = (int, str, bool, float, type(None))

_listeners: dict[str, list[Callable]] = defaultdict(list)


class UnknownEvent(LookupError):
    """An event name the catalogue does not declare."""


def _check_name(name: str) -> tuple[str, ...]:
    try:
        return CATALOGUE[name]
    except KeyError:
        raise UnknownEvent(f"no event {name!r} in common.events.CATALOGUE") from None


def listen(*names: str) -> Callable:
    """Register the decorated function for the events `names`; it is called
    as `listener(event=name, **payload)` after the publishing transaction
    commits. Registering the same function twice for a name is a no-op."""
    for name in names:
        _check_name(name)

    def register(listener: Callable) -> Callable:
        for name in names:
            if listener not in _listeners[name]:
                _listeners[name].append(listener)
        return listener

    return register


def listeners_of(name: str) -> list[Callable]:
    _check_name(name)
    return list(_listeners[name])


def unlisten(name: str, listener: Callable) -> None:
    """Remove a listener (for tests)."""
    if listener in _listeners[name]:
        _listeners[name].remove(listener)


def payload_for(name: str, obj=None, /, **fields) -> dict:
    """The payload publish() would send: checked against the catalogue."""
    declared = _check_name(name)
    if obj is not None:
        if not declared:
            raise TypeError(f"event {name!r} carries no object")
        if declared[0] in fields:
            raise TypeError(f"{declared[0]} given twice for event {name!r}")
        fields = {declared[0]: obj.pk if isinstance(obj, models.Model) else obj, **fields}
    if set(fields) != set(declared):
        raise TypeError(f"event {name!r} carries {sorted(declared)}, not {sorted(fields)}")
    for field, value in fields.items():
        if not isinstance(value, PLAIN):
            raise TypeError(
                f"event {name!r}: {field} must be an id or a plain value, not {type(value)!r}"
            )
    return {field: fields[field] for field in declared}


def publish(name: str, obj=None, /, **fields) -> None:
    """Announce that `name` happened to `obj` (or to the ids in `fields`);
    the listeners hear of it once the current transaction commits (at once
    outside a transaction)."""
    payload = payload_for(name, obj, **fields)
    transaction.on_commit(lambda: dispatch(name, payload))


def dispatch(name: str, payload: dict) -> None:
    """Call every listener of `name`; an error is logged and the others run."""
    errors = []
    for listener in listeners_of(name):
        try:
            listener(event=name, **payload)
        except Exception as error:  # one listener's failure is not the others'
            logger.exception(
                "events: listener %s.%s failed on %s %s",
                listener.__module__,
                listener.__qualname__,
                name,
                payload,
            )
            errors.append(error)
    if errors and getattr(settings, "EVENTS_PROPAGATE_ERRORS", False):
        raise errors[0]
