"""The agenda, the minutes and the action items of a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors

from .. import selectors, services
from ..forms import (
    ActionItemForm,
    AgendaItemForm,
    MinutesForm,
)
from ..models import AgendaItem
from ._common import _minutes_editor_meeting

# --- Agenda --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda(request, pk):
    meeting = _minutes_editor_meeting(request, pk)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(
                meeting=meeting,
                by=request.user,
                title=form.cleaned_data["title"],
                presenter=form.cleaned_data["presenter"],
                duration_minutes=form.cleaned_data["duration_minutes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect("meetings:agenda", pk=meeting.pk)
    return render(
        request,
        "meetings/agenda.html",
        {"meeting": meeting, "agenda": selectors.agenda_of(meeting), "form": form},
    )


@login_required
@require_POST
def agenda_item_remove(request, pk, item_pk):
    meeting = _minutes_editor_meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.agenda_item_remove(item=item, by=request.user)
    messages.success(request, _("The item was removed from the agenda."))
    return redirect("meetings:agenda", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_move(request, pk, item_pk):
    meeting = _minutes_editor_meeting(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)
    services.agenda_item_move(item=item, by=request.user, up=request.POST.get("direction") == "up")
    return redirect("meetings:agenda", pk=meeting.pk)


# --- Minutes and action items -------------------------------------------------------------


def _action_item_form(meeting, data=None):
    """Actions go to anyone invited (a member or a guest) or to an organisation."""
    people = (
        get_user_model()
        .objects.filter(meeting_invitations__meeting=meeting, is_active=True)
        .order_by("full_name", "email")
    )
    return ActionItemForm(data, people=people, guests=selectors.guests_of(meeting))


def _render_minutes(request, meeting, *, minutes_form=None, action_form=None):
    return render(
        request,
        "meetings/minutes_form.html",
        {
            "meeting": meeting,
            "form": minutes_form or MinutesForm(initial={"minutes": meeting.minutes}),
            "action_form": action_form or _action_item_form(meeting),
            "action_items": selectors.action_items_of(meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, pk):
    meeting = _minutes_editor_meeting(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_save(
                meeting=meeting, by=request.user, html=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(meeting)
    return _render_minutes(request, meeting, minutes_form=form)


@login_required
@require_POST
def action_item_add(request, pk):
    meeting = _minutes_editor_meeting(request, pk)
    form = _action_item_form(meeting, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_add(
                meeting=meeting,
                by=request.user,
                title=data["title"],
                due_on=data["due_on"],
                assignee_user=data["assignee_user"],
                assignee_organisation=data["assignee_organisation"],
                assignee_guest=data.get("assignee_guest"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action item was added."))
            return redirect("meetings:minutes", pk=meeting.pk)
    return _render_minutes(request, meeting, action_form=form)


@login_required
@require_POST
def action_item_close(request, pk):
    item = selectors.access_action_item(request.user, pk)
    if not request.user.has_perm("meetings.close_action_item", item):
        raise PermissionDenied
    try:
        services.action_item_close(item=item, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is closed.") % {"title": item.title})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = item.meeting.get_absolute_url()
    return redirect(target)
