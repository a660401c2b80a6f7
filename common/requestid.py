"""The id of the request being served, on every log line and in the tasks it queues.

The middleware (common.middleware.RequestIdMiddleware) takes the id from the
reverse proxy's `X-Request-ID` header when it looks like one, or makes one,
and sends it back in the response. partnership/celery.py copies it into the
headers of every task queued while the request runs, and sets it again while
the worker runs the task, so a request and its tasks share one id in the logs.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
_current = contextvars.ContextVar("request_id", default="-")
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def get():
    return _current.get()


def set_id(value):
    """Make `value` the current id; returns the token to reset it with."""
    return _current.set(value)


def reset(token):
    _current.reset(token)


def from_header(value):
    """The proxy's id if it is a sane token, otherwise a fresh one."""
    if value and _ACCEPTABLE.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the format strings use it)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = _current.get()
        return True
