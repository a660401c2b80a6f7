"""Answering an invitation, and inviting more people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    InviteForm,
    RsvpForm,
)
from .pages import _detail_context, _render_detail


@login_required
@require_POST
def meeting_rsvp(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    answers_open = not meeting.is_cancelled and not meeting.has_started()
    if answers_open and not request.user.has_perm("meetings.rsvp", meeting):
        raise PermissionDenied  # sees the meeting, but is not invited to it
    form = RsvpForm(request.POST, colleagues=selectors.colleagues_of(request.user))
    if form.is_valid():
        try:
            invitation = services.rsvp_respond(
                meeting=meeting,
                user=request.user,
                response=form.cleaned_data["response"],
                substitute=form.cleaned_data.get("substitute"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not answer for this meeting."))
        else:
            messages.success(
                request,
                _("Thank you, your answer was saved: %(answer)s.")
                % {"answer": invitation.get_response_display()},
            )
            return redirect(meeting)
    return _render_rsvp_errors(request, meeting, form)


def _render_rsvp_errors(request, meeting, form):
    context = _detail_context(request, meeting)
    # Show the errors even where the form is no longer offered (closed, full).
    context["rsvp_form"] = form
    context["rsvp_errors_only"] = not context["can_rsvp"]
    return render(request, "meetings/meeting_detail.html", context, status=200)


@login_required
@require_POST
def meeting_invite(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            added = services.meeting_invite(meeting=meeting, users=[form.user], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if added:
                messages.success(request, _("%(user)s is invited.") % {"user": form.user})
            else:
                messages.info(request, _("%(user)s was already invited.") % {"user": form.user})
            return redirect(meeting)
    return _render_detail(request, meeting, invite_form=form)
