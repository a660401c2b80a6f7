"""One activity's pages and its lifecycle; protected areas; information centres.

Views stay thin: `selectors.access_activity` fetches an activity (a missing one
and a hidden one both answer 404), the services in `services.py` make every
change and check it. A step the lifecycle refuses comes back as a message on
the page; a step the user may not take is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors
from common.translations import translated_field_for_page
from stakeholders.models import Role, RoleAssignment

from . import selectors, services
from .forms import ActivityForm, CompleteForm, PhotoForm, ReportForm
from .models import Activity, CrossBorderPair, InformationCentre, ProtectedArea, Report

EDITABLE_REPORT = (Report.Status.DRAFT, Report.Status.RETURNED)
CLOSED = (Activity.Status.DECLINED, Activity.Status.COMPLETED)

# step in the address → (service, message once done)
STEPS = {
    "start": (services.activity_start, gettext_lazy("The activity is now under way.")),
    "complete": (
        services.activity_complete,
        gettext_lazy("The activity is completed. Write its report for the committee."),
    ),
}

# Comments the committee makes when it declines or sends back are for those
# involved, not for every visitor (as ReviewDecision.is_public has it).
INTERNAL_OUTCOMES = {Activity.Status.DECLINED, Report.Status.RETURNED}


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Proposing and editing -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose(request):
    if not request.user.has_perm("activities.propose_activity"):
        raise PermissionDenied
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_propose(by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("lead_organisation", str(error))
        else:
            messages.success(
                request,
                _("Your proposal was sent to the committee. You will hear of its decision."),
            )
            return redirect(activity)
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "activity": None,
            "no_lead": not form.fields["lead_organisation"].queryset.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = selectors.access_activity(request.user, pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    if activity.status in CLOSED:
        messages.error(request, _("A declined or completed activity is no longer edited."))
        return redirect(activity)
    title = activity.title
    form = ActivityForm(request.POST or None, user=request.user, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_update(activity=activity, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The activity was saved."))
            return redirect(activity)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity, "title": title},
        status=400 if request.method == "POST" else 200,
    )


# --- One activity ------------------------------------------------------------------


def _who(user, viewer) -> str:
    """A person's name for a timeline: never an email address for visitors."""
    if user is None:
        return _("a former user")
    if user.full_name:
        return user.full_name
    return user.email if viewer.is_authenticated else _("a partner")


def _timeline(activity, viewer, *, with_report: bool, internal: bool) -> list[dict]:
    """Every change of status (who, when, the committee's comment)."""
    entries = []
    for transition in activity.transitions.select_related("by"):
        if transition.subject == "report":
            if not with_report:
                continue
            label = _("Report: %(status)s") % {"status": Report.Status(transition.to_status).label}
        else:
            label = Activity.Status(transition.to_status).label
        comment = transition.comment
        if transition.to_status in INTERNAL_OUTCOMES and not internal:
            comment = ""
        entries.append(
            {
                "label": label,
                "status": transition.to_status,
                "by": _who(transition.by, viewer),
                "at": transition.at,
                "comment": comment,
            }
        )
    return entries


def _review_requests(user, activity, report) -> list:
    """The committee's review requests about this activity and its report, for
    those who may open them (`committee.view_review`, as
    `committee.selectors.access_review_request`): the committee, the
    secretariat and whoever submitted them, who finds there the comments
    addressed to them."""
    from committee.models import ReviewRequest
    from committee.registry import KINDS

    if not user.is_authenticated:
        return []
    types = ContentType.objects.get_for_models(Activity, Report)
    condition = Q(content_type=types[Activity], object_id=activity.pk)
    if report is not None:
        condition |= Q(content_type=types[Report], object_id=report.pk)
    found = []
    for review in ReviewRequest.objects.filter(condition).order_by("submitted_at", "pk"):
        if not user.has_perm("committee.view_review", review):
            continue
        kind = KINDS.get(review.kind)
        review.kind_label = kind.label if kind else review.kind
        found.append(review)
    return found


def _point(point) -> dict | None:
    """`Activity.point_for`'s answer for the page: coordinates without
    trailing zeros, and whether they are exact."""
    if point is None:
        return None
    latitude, longitude, exact = point
    return {
        "latitude": f"{latitude.normalize():f}",
        "longitude": f"{longitude.normalize():f}",
        "exact": exact,
    }


def _evidence(report, user):
    from documents.selectors import visibility_filter

    documents = report.evidence.order_by("title")
    condition = visibility_filter(user)
    return documents if condition is None else documents.filter(condition)


def _report_state(user, activity, report, indicators) -> dict:
    can_change = user.is_authenticated and user.has_perm("activities.change_activity", activity)
    can_view_report = report is not None and user.has_perm("activities.view_report", report)
    writable = (
        can_change
        and activity.status == Activity.Status.COMPLETED
        and (report is None or report.status in EDITABLE_REPORT)
    )
    return {
        "can_change": can_change,
        "can_view_report": can_view_report,
        "can_write_report": writable,
        "can_submit_report": writable
        and report is not None
        and all(indicator.achieved is not None for indicator in indicators),
    }


def activity_detail(request, pk):
    user = request.user
    activity = selectors.access_activity(user, pk)
    report = Report.objects.filter(activity=activity).first()
    indicators = list(activity.indicators.select_related("indicator_type"))
    state = _report_state(user, activity, report, indicators)
    can_change = state["can_change"]
    point = activity.point_for(user)
    internal = can_change or (user.is_authenticated and user.has_perm("committee.review"))
    description, description_links = translated_field_for_page(request, activity, "description")
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "description": description,
            "language_links": description_links,
            "countries": activity.countries.all(),
            "organisations": activity.organisations.order_by("name"),
            "protected_areas": activity.protected_areas.select_related("country"),
            "point": _point(point),
            "indicators": indicators,
            "report": report if state["can_view_report"] else None,
            "photos": report.photos.all() if state["can_view_report"] else [],
            "evidence": _evidence(report, user) if state["can_view_report"] else [],
            "timeline": _timeline(
                activity, user, with_report=state["can_view_report"], internal=internal
            ),
            "review_requests": _review_requests(user, activity, report),
            "can_edit": can_change and activity.status not in CLOSED,
            "can_start": can_change and activity.status == Activity.Status.APPROVED,
            "can_complete": can_change and activity.status == Activity.Status.ONGOING,
            "complete_form": CompleteForm(),
            **state,
        },
    )


def activity_step(request, pk, step):
    """POST /activities/<pk>/start/ or /complete/."""
    if step not in STEPS:
        raise Http404
    return _step(request, pk=pk, step=step)


@login_required
@require_POST
def _step(request, pk, step):
    activity = selectors.access_activity(request.user, pk)
    service, done = STEPS[step]
    extra = {}
    if step == "complete":
        form = CompleteForm(request.POST)
        form.is_valid()  # both fields are optional; the service holds the rule
        extra = {
            "completed_early": form.cleaned_data.get("completed_early", False),
            "reason": form.cleaned_data.get("completed_early_reason", ""),
        }
    try:
        service(activity=activity, by=request.user, **extra)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, done)
    return redirect(activity)


# --- The report ------------------------------------------------------------------


def _report_page(request, activity, report, *, form=None, photo_form=None, status=200):
    user = request.user
    indicators = list(activity.indicators.select_related("indicator_type"))
    state = _report_state(user, activity, report, indicators)
    if state["can_write_report"]:
        form = form or ReportForm(user=user, activity=activity, report=report)
        if report is not None:
            photo_form = photo_form or PhotoForm()
    elif form is None or not form.is_bound:
        form = photo_form = None  # read only (a refused POST keeps its form and errors)
    return render(
        request,
        "activities/report.html",
        {
            "activity": activity,
            "report": report,
            "indicators": indicators,
            "photos": report.photos.all() if report is not None else [],
            "evidence": _evidence(report, user) if report is not None else [],
            "form": form,
            "photo_form": photo_form,
            **state,
        },
        status=status,
    )


def _attach_evidence(report: Report, *, by, form: ReportForm) -> None:
    """Evidence chosen from the library, and a new file added to it (through
    the library's service, which checks the uploader and the file). Called in
    the transaction of `report_save`, which has checked the report may change."""
    from documents.models import Document
    from documents.services import document_create

    chosen = list(form.cleaned_data["evidence"])
    upload = form.cleaned_data.get("evidence_file")
    if upload:
        try:
            chosen.append(
                document_create(
                    by=by,
                    title=form.cleaned_data["evidence_title"],
                    description=_("Evidence for the report on “%(activity)s”.")
                    % {"activity": report.activity.title},
                    language=form.cleaned_data.get("evidence_language") or "en",
                    access=Document.Access.MEMBERS,
                    group=None,
                    file=upload,
                )
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "file" in error.error_dict:
                raise ValidationError({"evidence_file": error.error_dict["file"]}) from None
            raise
    # evidence someone else attached that this user may not see stays attached
    hidden = report.evidence.exclude(pk__in=form.fields["evidence"].queryset.values("pk"))
    report.evidence.set([*chosen, *hidden])


def report(request, pk):
    """GET shows the report (or the form to write it); POST saves it."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    user = request.user
    activity = selectors.access_activity(user, pk)
    existing = Report.objects.filter(activity=activity).first()
    state = _report_state(user, activity, existing, [])
    if not state["can_change"] or (existing and existing.status not in EDITABLE_REPORT):
        # read only: the report itself, for those who may see it
        if existing is None or not state["can_view_report"]:
            raise Http404
        if request.method == "POST":
            if not state["can_change"]:
                raise PermissionDenied
            messages.error(request, _("The report is with the committee; it cannot change now."))
            return redirect("activities:report", pk=activity.pk)
        return _report_page(request, activity, existing)
    if request.method != "POST" and activity.status != Activity.Status.COMPLETED:
        messages.error(request, _("Only a completed activity is reported on: complete it first."))
        return redirect(activity)
    if request.method != "POST":
        return _report_page(request, activity, existing)
    form = ReportForm(request.POST, request.FILES, user=user, activity=activity, report=existing)
    if form.is_valid():
        try:
            with transaction.atomic():
                saved = services.report_save(
                    activity=activity,
                    by=user,
                    narrative=form.cleaned_data["narrative"],
                    achieved=form.achieved(),
                )
                _attach_evidence(saved, by=user, form=form)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("evidence_file", str(error))
        else:
            messages.success(
                request,
                _("The report was saved. Send it to the committee when it is complete."),
            )
            return redirect("activities:report", pk=activity.pk)
    return _report_page(request, activity, existing, form=form, status=400)


@login_required
@require_POST
def report_submit(request, pk):
    activity = selectors.access_activity(request.user, pk)
    try:
        services.report_submit(activity=activity, by=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
        return redirect("activities:report", pk=activity.pk)
    messages.success(request, _("The report was sent to the committee."))
    return redirect(activity)


@login_required
@require_POST
def report_photo(request, pk):
    activity = selectors.access_activity(request.user, pk)
    if not request.user.has_perm("activities.change_activity", activity):
        raise PermissionDenied
    existing = Report.objects.filter(activity=activity).first()
    if existing is None:
        messages.error(request, _("Save the report before you add photos."))
        return redirect("activities:report", pk=activity.pk)
    if existing.status not in EDITABLE_REPORT:
        messages.error(request, _("The report is with the committee; it cannot change now."))
        return redirect("activities:report", pk=activity.pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.report_add_photo(
                report=existing,
                by=request.user,
                image=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("image", error)
        else:
            messages.success(request, _("The photo was added to the report."))
            return redirect(reverse("activities:report", kwargs={"pk": activity.pk}) + "#photos")
    return _report_page(request, activity, existing, photo_form=form, status=400)


# --- Protected areas and information centres ---------------------------------------


def protected_area(request, slug):
    area = get_object_or_404(
        ProtectedArea.objects.select_related("country", "administration"), slug=slug
    )
    pairs = CrossBorderPair.objects.filter(Q(first=area) | Q(second=area)).select_related(
        "first__country", "second__country"
    )
    partners = [
        {"pair": pair, "area": pair.second if pair.first_id == area.pk else pair.first}
        for pair in pairs
    ]
    activities = (
        selectors.activities_visible_to(request.user)
        .filter(protected_areas=area)
        .select_related("lead_organisation")
        .order_by("-starts_on", "title")
    )
    administration = area.administration
    description, description_links = translated_field_for_page(
        request, area, "description", url=request.path
    )
    return render(
        request,
        "activities/protected_area.html",
        {
            "area": area,
            "description": description,
            "language_links": description_links,
            "partners": partners,
            "activities": activities,
            "administration": administration,
            "administration_public": administration is not None and administration.is_public,
        },
    )


def centre_list(request):
    centres = sorted(
        InformationCentre.objects.select_related("host", "country"),
        key=lambda centre: (centre.country.name_sort_key(), centre.name_sort_key()),
    )
    return render(request, "activities/centre_list.html", {"centres": centres})


def _centre_staff(centre):
    """Users holding the information-centre staff role for the centre's country."""
    holders = (
        RoleAssignment.objects.active()
        .filter(role=Role.CENTRE_STAFF, country=centre.country)
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=holders, is_active=True).order_by("full_name")


def centre(request, slug):
    from documents.selectors import documents_visible_to

    centre = get_object_or_404(
        InformationCentre.objects.select_related("host", "country"), slug=slug
    )
    staff = _centre_staff(centre)
    return render(
        request,
        "activities/centre.html",
        {
            "centre": centre,
            "staff": staff,
            "documents": documents_visible_to(request.user).filter(uploaded_by__in=staff)[:20],
            "can_add_documents": request.user.is_authenticated
            and request.user.has_perm("documents.add_document")
            and staff.filter(pk=request.user.pk).exists(),
        },
    )
