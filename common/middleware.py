"""Request-wide behaviour that every page relies on."""

from django.shortcuts import render
from django.utils import timezone

from common import requestid
from common.storage import StorageUnavailable


class UserTimezoneMiddleware:
    """Show dates and times in the signed-in user's time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zoneinfo)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # The thread serves the next request (or test) in the default zone.
            timezone.deactivate()


class RequestIdMiddleware:
    """Give each request an id (common/requestid.py): in the logs, in the tasks
    it queues, and in the `X-Request-ID` response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = requestid.from_header(request.headers.get(requestid.HEADER))
        token = requestid.set_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            requestid.reset(token)
        response[requestid.HEADER] = request.request_id
        return response


class StorageUnavailableMiddleware:
    """The file store being down is a 503 "temporarily unavailable", not a 500.

    It sits inside the atomic view (ATOMIC_REQUESTS), so the request's writes
    are rolled back first: an upload leaves no row without its file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        response = render(request, "storage_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response
