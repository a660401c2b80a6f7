"""What the meeting views share: fetching a meeting the user may see (visitors
who are not signed in are sent to sign in), calendar answers, pages of a list."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse

from common.forms import paginate

from .. import ical, selectors
from ..models import Meeting

PAGE_SIZE = 25


class _SignInFirst(Exception):
    pass


def _meeting(request, pk) -> Meeting:
    """The meeting, 404 if the user may not see it; visitors who are not
    signed in are asked to sign in (missing or not: nothing leaks)."""
    try:
        return selectors.access_meeting(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            raise _SignInFirst from None
        raise


def _sign_in_on_private(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    return wrapper


def _calendar_response(content: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _paginate(request, queryset):
    return paginate(request, queryset, PAGE_SIZE)


def _minutes_editor_meeting(request, pk) -> Meeting:
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.edit_minutes", meeting):
        raise PermissionDenied
    return meeting
