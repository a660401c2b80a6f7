"""Member pages. Views stay thin: selectors read, services write."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.exports import safe_cell
from common.forms import add_service_errors, paginate
from common.fragments import Deferred, deferred_pair
from common.names import page_in_local_order
from common.pagecache import cache_public_page
from common.translations import content_language, translated_field_for_page, translated_fields

from . import selectors, services
from .filters import DirectoryFilter
from .forms import (
    ApplicationForm,
    ApplicationStatusFilterForm,
    ContactPeopleFormSet,
    DecisionForm,
    OrganisationForm,
    ResubmitForm,
)
from .models import MembershipApplication
from .sections import panels_for


@cache_public_page
def directory(request):
    filterset = DirectoryFilter(request.GET, queryset=selectors.directory_organisations())
    organisations = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page, query = deferred_pair(lambda: page_in_local_order(request, organisations, 20))
    # The page of members is looked up only when the list's content block is
    # rendered, not when it comes from the cache (stakeholders/directory.html).
    return render(
        request,
        "stakeholders/directory.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "descriptions": Deferred(
                lambda: translated_fields(
                    page().object_list, "description", content_language(request)
                )
            ),
        },
    )


@cache_public_page
def organisation_detail(request, slug):
    organisation = selectors.organisation_for_profile(
        slug=slug, user=request.user, with_contacts=False
    )
    description, description_links = translated_field_for_page(request, organisation, "description")
    return render(
        request,
        "stakeholders/organisation_detail.html",
        {
            "organisation": organisation,
            # asked only when the facts block is rendered, not when it comes
            # from the cache (stakeholders/organisation_detail.html)
            "contacts": Deferred(lambda: selectors.contacts_of(organisation)),
            "description": description,
            "language_links": description_links,
            "can_edit": request.user.has_perm("stakeholders.change_organisation", organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, slug):
    """The profile, contacts and the people who represent the organisation
    (with their functions), saved together or not at all."""
    organisation = selectors.organisation_for_profile(slug=slug, user=request.user)
    if not request.user.has_perm("stakeholders.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    people = ContactPeopleFormSet(
        request.POST or None,
        queryset=selectors.contact_people(organisation),
        prefix="people",
    )
    if request.method == "POST" and form.is_valid() and people.is_valid():
        try:
            with transaction.atomic():
                if form.changed_data:
                    services.organisation_update(
                        organisation=organisation,
                        by=request.user,
                        fields={name: form.cleaned_data[name] for name in form.changed_data},
                    )
                services.organisation_contacts_update(
                    organisation=organisation,
                    by=request.user,
                    changed=[
                        (row.instance if row.instance.pk else None, _contact_fields(row))
                        for row in people.forms
                        if row.has_changed() and row not in people.deleted_forms
                    ],
                    removed=[row.instance for row in people.deleted_forms if row.instance.pk],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation's profile was saved."))
            return redirect(organisation)
    return render(
        request,
        "stakeholders/organisation_form.html",
        {
            "form": form,
            "people": people,
            "organisation": organisation,
            "history": selectors.organisation_history(organisation),
            **panels_for(request.user, organisation),
        },
        status=400 if request.method == "POST" else 200,  # refused: the form again
    )


def _contact_fields(row) -> dict:
    return {name: row.cleaned_data[name] for name in services.CONTACT_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    form = ApplicationForm(request.POST or None, initial=_apply_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "applicant": request.user,
            "applicant_position": data["applicant_position"],
            "motivation": data["motivation"],
        }
        try:
            if data["kind"] == ApplicationForm.EXISTING:
                application = services.application_submit(
                    organisation=data["organisation"], **common
                )
            else:
                application = services.application_submit(
                    name=data["name"],
                    acronym=data["acronym"],
                    country=data["country"],
                    stakeholder_type=data["stakeholder_type"],
                    website=data["website"],
                    description=data["description"],
                    **common,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your application was sent; we will email you the decision."),
            )
            return redirect(application)
    return render(request, "stakeholders/apply.html", {"form": form})


def _apply_initial(request):
    slug = request.GET.get("organisation")
    if not slug:
        return {}
    organisation = selectors.directory_organisations().filter(slug=slug).first()
    return {"kind": ApplicationForm.EXISTING, "organisation": organisation} if organisation else {}


@login_required
def application_list(request):
    """Reviewers see the applications in their scope; everyone sees their own."""
    status_form = ApplicationStatusFilterForm(request.GET or None)
    status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
    can_review = request.user.has_perm("stakeholders.review_applications")
    queue, query = None, ""
    if can_review:
        queryset = selectors.applications_for_reviewer(request.user)
        queryset = queryset.filter(status=status or MembershipApplication.Status.PENDING)
        queue, query = deferred_pair(
            lambda: paginate(request, queryset.order_by("submitted_at"), 25)
        )
    # Looked up only when the page's content block is rendered, not when it
    # comes from the cache (stakeholders/application_list.html).
    return render(
        request,
        "stakeholders/application_list.html",
        {
            "queue": queue,
            "query": query,
            "can_review": can_review,
            "status_form": status_form,
            "own": Deferred(lambda: list(selectors.applications_of(request.user)[:50])),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    """One application with its dialogue: a decider approves, rejects or asks
    a question; the applicant answers a question and resubmits."""
    application = selectors.access_application_by_id(request.user, pk)
    can_decide = application.is_open and request.user.has_perm(
        "stakeholders.decide_application", application
    )
    can_answer = application.awaits_applicant and application.applicant_id == request.user.pk
    form = answer_form = None
    if can_decide:
        form = DecisionForm(
            request.POST or None, waiting_for_applicant=application.awaits_applicant
        )
    elif can_answer:
        answer_form = ResubmitForm(
            request.POST or None,
            instance=application,
            editable=services.resubmittable_fields(application),
        )
    if request.method == "POST":
        if form is not None:
            done = _decide(request, application, form)
        elif answer_form is not None:
            done = _resubmit(request, application, answer_form)
        else:
            raise PermissionDenied
        if done:
            return redirect(done)
        application = selectors.access_application_by_id(request.user, pk)
    return render(
        request,
        "stakeholders/application_detail.html",
        {
            "application": application,
            "form": form,
            "answer_form": answer_form,
            "rounds": selectors.rounds_of(application),
            "duplicate": (
                selectors.likely_duplicate_organisation(application.name)
                if application.is_open and application.organisation_id is None
                else None
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


def _decide(request, application, form) -> str | None:
    """Record the decider's choice; the address to go to, or None (errors on the form)."""
    if not form.is_valid():
        return None
    decision = form.cleaned_data["decision"]
    try:
        if decision == DecisionForm.APPROVE:
            organisation = services.application_approve(
                application=application, decided_by=request.user
            )
            messages.success(
                request,
                _("Approved: %(org)s is an active member and the applicant was told.")
                % {"org": organisation},
            )
        elif decision == DecisionForm.ASK:
            services.application_request_information(
                application=application,
                asked_by=request.user,
                question=form.cleaned_data["question"],
            )
            messages.success(
                request, _("Your question was sent; you will be told when the applicant answers.")
            )
            return application.get_absolute_url()
        else:
            services.application_reject(
                application=application,
                decided_by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Rejected: the applicant was told why."))
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return reverse("stakeholders:applications")


def _resubmit(request, application, form) -> str | None:
    if not form.is_valid():
        return None
    try:
        services.application_resubmit(
            application=application,
            by=request.user,
            answer=form.cleaned_data["answer"],
            fields=form.changed_fields(),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, _("Thank you. Your answer was sent; we will email you the decision."))
    return application.get_absolute_url()


DIRECTORY_CSV_COLUMNS = [
    "slug",
    "name",
    "acronym",
    "country",
    "stakeholder_type",
    "website",
    "status",
    "joined_on",
]


def write_directory_csv(organisations, response) -> None:
    writer = csv.writer(response)
    writer.writerow(DIRECTORY_CSV_COLUMNS)
    for org in organisations:
        writer.writerow(
            safe_cell(value)  # a name may start like a formula: shown, never run
            for value in [
                org.slug,
                org.local_name,
                org.acronym,
                org.country.local_name,
                str(org.stakeholder_type),
                org.website,
                org.status,
                org.joined_on.isoformat() if org.joined_on else "",
            ]
        )


def csv_response(filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # a BOM so spreadsheet programs read UTF-8 names
    return response


@login_required
def directory_export(request):
    if not request.user.has_perm("stakeholders.export_directory"):
        raise PermissionDenied
    filterset = DirectoryFilter(request.GET, queryset=selectors.directory_organisations())
    organisations = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    response = csv_response(f"member-directory-{timezone.localdate().isoformat()}.csv")
    write_directory_csv(organisations, response)
    return response
