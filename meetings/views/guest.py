"""A guest's answer page: no account, the signed link of the invitation mail
is the key (meetings/guestlinks.py). The page shows the meeting and the
guest's answer so far, and takes yes, no or maybe until the meeting starts.

A link that was altered (400), has expired or names a withdrawn invitation
(410) gets a page saying so and what to do, never a server error. The token
is in the address: the page is never cached and sends no Referer to other sites, so the
online meeting link or any other link cannot carry it elsewhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors

from .. import guestlinks, ical, selectors, services
from ..forms import GuestAnswerForm
from ._common import _calendar_response


def _private(response):
    # same-origin: no Referer to other sites (the online meeting link), while
    # the browser still sends this site its Origin, which the CSRF check needs
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_error(request, error: guestlinks.GuestLinkError):
    reason = {
        guestlinks.TamperedLink: "tampered",
        guestlinks.ExpiredLink: "expired",
        guestlinks.WithdrawnInvitation: "withdrawn",
    }[type(error)]
    return _private(
        render(
            request,
            "meetings/guest_link_error.html",
            {"reason": reason},
            status=error.status,
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def guest_answer(request, token):
    try:
        guest = guestlinks.guest_for(token)
    except guestlinks.GuestLinkError as error:
        return _link_error(request, error)
    meeting = guest.meeting
    answers_open = not meeting.is_cancelled and not meeting.has_started()
    initial = {"response": guest.response} if guest.response != guest.Response.NONE else {}
    form = GuestAnswerForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                guest = services.guest_respond(guest=guest, response=form.cleaned_data["response"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you, your answer was saved: %(answer)s.")
                    % {"answer": guest.get_response_display()},
                )
                return _private(redirect(request.path))
        status = 400
    return _private(
        render(
            request,
            "meetings/guest_answer.html",
            {
                "guest": guest,
                "meeting": meeting,
                "agenda": selectors.agenda_of(meeting),
                "form": form,
                "answers_open": answers_open,
                "token": token,
            },
            status=status,
        )
    )


@never_cache
@require_http_methods(["GET"])
def guest_calendar(request, token):
    """The meeting's calendar file, for the guest's calendar program."""
    try:
        guest = guestlinks.guest_for(token)
    except guestlinks.GuestLinkError as error:
        return _link_error(request, error)
    return _private(_calendar_response(ical.meeting_ics(guest.meeting), filename="meeting.ics"))
