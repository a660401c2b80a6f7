"""Answering an invitation, and inviting more people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    InviteForm,
    RsvpForm,
)
from ..models import GuestInvitation
from .pages import _detail_context, _render_detail


@login_required
@require_POST
def meeting_rsvp(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    answers_open = not meeting.is_cancelled and not meeting.has_started()
    if answers_open and not request.user.has_perm("meetings.rsvp", meeting):
        raise PermissionDenied  # sees the meeting, but is not invited to it
    form = RsvpForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.rsvp_respond(
                meeting=meeting,
                user=request.user,
                response=form.cleaned_data["response"],
                substitute_email=form.cleaned_data["substitute_email"],
                substitute_name=form.cleaned_data["substitute_name"],
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
        data = form.cleaned_data
        try:
            invited, added = services.meeting_invite_by_email(
                meeting=meeting,
                by=request.user,
                email=data["email"],
                name=data["name"],
                organisation_name=data["organisation_name"],
                language=data["language"] or "en",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            who = getattr(invited, "user", invited)
            if not added:
                messages.info(request, _("%(user)s was already invited.") % {"user": who})
            elif isinstance(invited, GuestInvitation):
                messages.success(
                    request,
                    _("%(user)s is invited as a guest: the invitation goes out by email.")
                    % {"user": who},
                )
            else:
                messages.success(request, _("%(user)s is invited.") % {"user": who})
            return redirect(meeting)
    return _render_detail(request, meeting, invite_form=form)


@login_required
@require_POST
def guest_withdraw(request, pk, guest_pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    guest = get_object_or_404(GuestInvitation, pk=guest_pk, meeting=meeting)
    try:
        services.guest_withdraw(guest=guest, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation of %(guest)s was withdrawn.") % {"guest": guest}
        )
    return redirect(meeting)
