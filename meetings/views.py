"""Meeting pages and calendar files. Views stay thin: selectors read,
services write, and every protected meeting is fetched through
`selectors.access_meeting` (404 for a meeting the user may not see).

Visitors who are not signed in see public events; for any other meeting
address they are sent to sign in, whether or not the meeting exists.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_service_errors, paginate
from common.pagecache import cache_public_page

from . import ical, selectors, services
from .filters import EventFilter, MeetingFilter
from .forms import (
    ActionItemForm,
    AgendaItemForm,
    CancelForm,
    DocumentAttachForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    RsvpForm,
)
from .models import AgendaItem, Invitation, Meeting
from .rules import may_schedule_for

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


# --- Lists --------------------------------------------------------------------------------


@login_required
@require_GET
def meeting_list(request):
    """The meetings the user may see, upcoming first; filter by kind and group."""
    filterset = MeetingFilter(request.GET, queryset=selectors.meetings_visible_to(request.user))
    meetings = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page, query = _paginate(request, meetings)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_schedule": bool(selectors.schedulable_kinds(request.user)),
        },
    )


@cache_public_page
@require_GET
def event_list(request):
    filterset = EventFilter(request.GET, queryset=selectors.public_events())
    events = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page, query = _paginate(request, events)
    return render(
        request, "meetings/event_list.html", {"filter": filterset, "page": page, "query": query}
    )


@cache_public_page
@require_GET
def events_ics(request):
    return _calendar_response(
        ical.feed_ics(
            selectors.public_feed_meetings(), name=_("Partnership for Tiger and Leopard: events")
        )
    )


# --- One meeting ---------------------------------------------------------------------------


def _detail_context(request, meeting: Meeting, **forms) -> dict:
    user = request.user
    can_edit = user.has_perm("meetings.change_meeting", meeting)
    can_edit_minutes = user.has_perm("meetings.edit_minutes", meeting)
    can_rsvp = user.is_authenticated and user.has_perm("meetings.rsvp", meeting)
    invitation = selectors.invitation_of(user, meeting)
    rsvp_form = forms.get("rsvp_form")
    if can_rsvp and rsvp_form is None:
        initial = {}
        if invitation is not None and invitation.response != Invitation.Response.NONE:
            initial = {"response": invitation.response, "substitute": invitation.substitute}
        rsvp_form = RsvpForm(initial=initial, colleagues=selectors.colleagues_of(user))
    action_items = [
        (item, item.is_open and user.has_perm("meetings.close_action_item", item))
        for item in selectors.action_items_of(meeting)
    ]
    documents, attach_form = _documents(
        request, meeting, can_edit_minutes, forms.get("attach_form")
    )
    show_names = user.is_authenticated and (can_edit or not meeting.is_public)
    return {
        "meeting": meeting,
        "agenda": selectors.agenda_of(meeting),
        "attendance": selectors.attendance(meeting),
        "invitations": selectors.invitations_of(meeting) if show_names else None,
        "invitation": invitation,
        "can_edit": can_edit and not meeting.is_cancelled,
        "can_edit_minutes": can_edit_minutes,
        "can_rsvp": can_rsvp,
        "rsvp_form": rsvp_form if can_rsvp else None,
        "invite_form": (forms.get("invite_form") or InviteForm())
        if can_edit and not meeting.is_cancelled
        else None,
        "action_items": action_items,
        "documents": documents,
        "attach_form": attach_form,
        "has_started": meeting.has_started(),
        "is_over": meeting.is_over(),
    }


def _documents(request, meeting, can_attach, attach_form):
    """The attached documents the user may see, and for editors the form to
    attach more (documents of the meeting's group or of the whole partnership)."""
    from documents.models import Document
    from documents.selectors import visibility_filter

    user = request.user
    visible = visibility_filter(user)
    documents = meeting.documents.order_by("title")
    if visible is not None:
        documents = documents.filter(visible)
    if not can_attach:
        return documents, None
    if attach_form is None:
        candidates = Document.objects.filter(
            Q(group__isnull=True) | Q(group_id=meeting.group_id)
        ).exclude(meetings=meeting)
        if visible is not None:
            candidates = candidates.filter(visible)
        attach_form = DocumentAttachForm(documents=candidates.order_by("title"))
    return documents, attach_form


def _render_detail(request, meeting, status=200, **forms):
    return render(
        request,
        "meetings/meeting_detail.html",
        _detail_context(request, meeting, **forms),
        status=status,
    )


@cache_public_page  # a public event, for visitors who are not signed in
@_sign_in_on_private
@require_GET
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    return _render_detail(request, meeting)


@_sign_in_on_private
@require_GET
def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    return _calendar_response(ical.meeting_ics(meeting), filename=f"meeting-{meeting.pk}.ics")


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
    from .models import VenueTimeZone

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


# --- Agenda --------------------------------------------------------------------------


def _minutes_editor_meeting(request, pk) -> Meeting:
    meeting = selectors.access_meeting(request.user, pk)
    if not request.user.has_perm("meetings.edit_minutes", meeting):
        raise PermissionDenied
    return meeting


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
    """Actions go to an invitee or to an organisation."""
    people = (
        get_user_model()
        .objects.filter(meeting_invitations__meeting=meeting, is_active=True)
        .order_by("full_name", "email")
    )
    return ActionItemForm(data, people=people)


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


# --- Documents ------------------------------------------------------------------------


@login_required
@require_POST
def document_attach(request, pk):
    meeting = _minutes_editor_meeting(request, pk)
    _documents_list, form = _documents(request, meeting, True, None)
    form = DocumentAttachForm(request.POST, documents=form.fields["document"].queryset)
    if form.is_valid():
        try:
            services.meeting_document_attach(
                meeting=meeting, by=request.user, document=form.cleaned_data["document"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect(meeting)
    return _render_detail(request, meeting, attach_form=form)


@login_required
@require_POST
def document_detach(request, pk, document_pk):
    meeting = _minutes_editor_meeting(request, pk)
    document = get_object_or_404(meeting.documents.all(), pk=document_pk)
    services.meeting_document_detach(meeting=meeting, by=request.user, document=document)
    messages.success(request, _("The document was removed from the meeting."))
    return redirect(meeting)


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
