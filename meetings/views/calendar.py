"""The personal calendar feed: its page, a new address, and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import ical, selectors, services
from ._common import _calendar_response

# --- Personal calendar feed ----------------------------------------------------------------


@login_required
@require_GET
def calendar_feed(request):
    feed = services.calendar_feed_for(user=request.user)
    address = request.build_absolute_uri(feed.get_absolute_url())
    return render(
        request,
        "meetings/calendar_feed.html",
        {
            "feed": feed,
            "address": address,
            "webcal": "webcal://" + address.split("://", 1)[-1],
            "events_address": request.build_absolute_uri(reverse("meetings:events_ics")),
        },
    )


@login_required
@require_POST
def calendar_feed_rotate(request):
    services.calendar_feed_rotate(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("meetings:calendar")


@require_GET
def personal_feed(request, token):
    """The secret address: no sign-in (calendar programs cannot), the token
    is the key; an unknown or retired token is a 404."""
    feed = selectors.feed_by_token(token)
    response = _calendar_response(
        ical.feed_ics(
            selectors.personal_feed_meetings(feed.user),
            name=_("Partnership meetings: %(user)s") % {"user": feed.user.get_short_name()},
        )
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
