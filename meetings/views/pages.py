"""The lists of meetings and public events, one meeting's page and its
calendar file, and the documents attached to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.forms import add_service_errors
from common.fragments import Deferred, deferred_pair
from common.pagecache import cache_public_page

from .. import ical, selectors, services
from ..filters import EventFilter, MeetingFilter
from ..forms import (
    DocumentAttachForm,
    InviteForm,
    RsvpForm,
)
from ..models import Invitation, Meeting
from ._common import (
    _calendar_response,
    _meeting,
    _minutes_editor_meeting,
    _paginate,
    _sign_in_on_private,
)

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
    page, query = deferred_pair(lambda: _paginate(request, events))
    # Looked up only when the list's content block is rendered, not when it
    # comes from the cache (meetings/event_list.html).
    return render(
        request,
        "meetings/event_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
        },
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
    # The reader's answers and the lists below are worked out only when the
    # page's content block is rendered, not when it comes from the cache
    # (meetings/meeting_detail.html).
    can_edit = Deferred(lambda: user.has_perm("meetings.change_meeting", meeting))
    can_edit_minutes = Deferred(lambda: user.has_perm("meetings.edit_minutes", meeting))
    can_rsvp = Deferred(lambda: user.is_authenticated and user.has_perm("meetings.rsvp", meeting))
    invitation = Deferred(lambda: selectors.invitation_of(user, meeting))

    def rsvp_form():
        if not can_rsvp():
            return None
        if forms.get("rsvp_form") is not None:
            return forms["rsvp_form"]  # sent back with its errors
        initial = {}
        answered = invitation()
        if answered is not None and answered.response != Invitation.Response.NONE:
            initial = {
                "response": answered.response,
                "substitute_email": answered.substitute_email,
                "substitute_name": answered.substitute_name,
            }
        return RsvpForm(initial=initial)

    def invite_form():
        if can_edit() and not meeting.is_cancelled:
            return forms.get("invite_form") or InviteForm()
        return None

    action_items = Deferred(
        lambda: [
            (item, item.is_open and user.has_perm("meetings.close_action_item", item))
            for item in selectors.action_items_of(meeting)
        ]
    )
    attached = Deferred(
        lambda: _documents(request, meeting, can_edit_minutes(), forms.get("attach_form"))
    )
    show_names = Deferred(lambda: user.is_authenticated and (can_edit() or not meeting.is_public))
    return {
        "meeting": meeting,
        "agenda": Deferred(lambda: list(selectors.agenda_of(meeting))),
        "attendance": Deferred(lambda: selectors.attendance(meeting)),
        "invitations": Deferred(
            lambda: list(selectors.invitations_of(meeting)) if show_names() else None
        ),
        "guests": Deferred(lambda: list(selectors.guests_of(meeting)) if show_names() else None),
        "invitation": invitation,
        "can_edit": Deferred(lambda: can_edit() and not meeting.is_cancelled),
        "can_edit_minutes": can_edit_minutes,
        "can_rsvp": can_rsvp,
        "rsvp_form": Deferred(rsvp_form),
        "invite_form": Deferred(invite_form),
        "action_items": action_items,
        "documents": Deferred(lambda: attached()[0]),
        "attach_form": Deferred(lambda: attached()[1]),
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
