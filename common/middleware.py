"""Request-wide behaviour that every page relies on."""

from django.utils import timezone


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
