"""Scheduling a meeting, changing it and cancelling it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    CancelForm,
    MeetingForm,
)
from ..models import Meeting
from ..rules import may_schedule_for

# --- Scheduling and changes ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request):
    """Schedule a meeting: `?group=<slug>` for one group's meeting or event."""
    from workinggroups.models import WorkingGroup

    user = request.user
    kinds = selectors.schedulable_kinds(user)
    groups = selectors.schedulable_groups(user)
    fixed_group = None
    slug = request.GET.get("group")
    if slug:
        group = get_object_or_404(WorkingGroup, slug=slug)
        if not may_schedule_for(user, group):
            raise PermissionDenied
        fixed_group = group
        kinds = [Meeting.Kind.GROUP, Meeting.Kind.PUBLIC]
    if not kinds:
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        kinds=kinds,
        groups=groups,
        fixed_group=fixed_group,
        initial={"kind": kinds[0], "group": fixed_group, "time_zone": _default_zone(user)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                by=user,
                kind=data["kind"],
                group=data.get("group"),
                title=data["title"],
                description=data["description"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                time_zone=data["time_zone"],
                venue=data["venue"],
                online_url=data["online_url"],
                capacity=data["capacity"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            form.add_error(
                "group" if "group" in form.fields else None,
                _("Choose a group you schedule for: only the secretariat schedules this kind."),
            )
        else:
            invited = meeting.invitations.count()
            messages.success(
                request,
                _("The meeting is scheduled; %(count)d people are invited.") % {"count": invited}
                if invited
                else _("The meeting is scheduled."),
            )
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": None, "fixed_group": fixed_group},
    )


def _default_zone(user) -> str:
    from ..models import VenueTimeZone

    return user.time_zone if user.time_zone in VenueTimeZone.values else VenueTimeZone.BEIJING


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, meeting=meeting)
    if meeting.is_cancelled and request.method == "POST":
        form.is_valid()
        form.add_error(None, _("This meeting was cancelled; it can no longer be changed."))
    elif request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, by=request.user, **form.changes())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting, "fixed_group": meeting.group},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.change_meeting", meeting):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})
