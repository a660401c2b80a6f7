"""The secretariat's people pages (/people/): every person with their
organisations, roles, groups, committee seat and last sign-in; roles assigned,
re-dated and ended with a reason; exports with the same filters.

Focal points see the people of their country and stakeholder types
(`stakeholders.view_person`); only the secretariat assigns and ends roles
(`stakeholders.assign_roles`). The pages sit here, above the apps they read
(working groups, the committee); the rule and the writes stay in
`stakeholders` (rules.py, services.py), as the admin uses them too.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from committee.models import CommitteeSeat
from common.authz import explain
from common.exports import XLSX_TYPE, safe_cell
from common.forms import add_service_errors, paginate
from stakeholders import selectors, services
from stakeholders.filters import PeopleFilter
from stakeholders.forms import RoleAssignForm, RoleEndDateForm, RoleEndForm
from workinggroups.models import GroupMembership

PER_PAGE = 25


def _require_view(user) -> None:
    if not user.has_perm("stakeholders.view_person"):
        raise PermissionDenied


def _require_assign(user) -> None:
    if not user.has_perm("stakeholders.assign_roles"):
        raise PermissionDenied


def with_groups_and_seats(people):
    """`people` with their working groups and the committee seats they hold today."""
    return people.prefetch_related(
        Prefetch(
            "group_memberships",
            queryset=GroupMembership.objects.select_related("group").order_by("group__name"),
            to_attr="groups_held",
        ),
        Prefetch(
            "affiliations__committee_seats",
            queryset=CommitteeSeat.objects.current().select_related("country", "stakeholder_type"),
            to_attr="current_seats",
        ),
    )


def filtered_people(request):
    """The filter form and the people it selects among those the user may see."""
    filterset = PeopleFilter(request.GET, queryset=selectors.people_for(request.user))
    people = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return filterset, with_groups_and_seats(people)


def seats_of(person) -> list:
    return [seat for affiliation in person.affiliations.all() for seat in affiliation.current_seats]


@login_required
@require_http_methods(["GET"])
def people_list(request):
    _require_view(request.user)
    filterset, people = filtered_people(request)
    page, query = paginate(request, people, PER_PAGE)
    for person in page.object_list:
        person.seats = seats_of(person)
    return render(
        request,
        "partnership/people_list.html",
        {"filter": filterset, "page": page, "query": query, "today": timezone.localdate()},
    )


def _detail_context(request, person, **forms):
    can_assign = request.user.has_perm("stakeholders.assign_roles")
    person = with_groups_and_seats(selectors.people_for(request.user)).get(pk=person.pk)
    roles = list(selectors.roles_of_person(person))
    today = timezone.localdate()
    return {
        "person": person,
        "seats": seats_of(person),
        "roles": roles,
        "today": today,
        "access": explain(person),
        "history": selectors.role_history(person),
        "can_assign": can_assign,
        "assign_form": forms.get("assign_form") or (RoleAssignForm() if can_assign else None),
        "end_date_form": RoleEndDateForm(),
        "end_form": RoleEndForm(),
        "failed": forms.get("failed"),
    }


@login_required
def person_detail(request, pk):
    person = selectors.access_person_by_id(request.user, pk)
    return render(request, "partnership/person_detail.html", _detail_context(request, person))


@login_required
@require_POST
def role_assign(request, pk):
    person = selectors.access_person_by_id(request.user, pk)
    _require_assign(request.user)
    form = RoleAssignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.role_assign(
                user=person,
                role=data["role"],
                assigned_by=request.user,
                country=data["country"],
                stakeholder_type=data["stakeholder_type"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The role was assigned."))
            return redirect("person", pk=person.pk)
    context = _detail_context(request, person, assign_form=form)
    return render(request, "partnership/person_detail.html", context, status=400)


def _role_change(request, pk, assignment_pk, form_class, change):
    person = selectors.access_person_by_id(request.user, pk)
    _require_assign(request.user)
    assignment = selectors.role_assignment_of(person, assignment_pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            change(assignment, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("person", pk=person.pk)
    context = _detail_context(request, person, failed={"assignment": assignment.pk, "form": form})
    return render(request, "partnership/person_detail.html", context, status=400)


@login_required
@require_POST
def role_change_end_date(request, pk, assignment_pk):
    def change(assignment, data):
        services.role_update(
            assignment=assignment, fields={"ends_on": data["ends_on"]}, reason=data["reason"]
        )
        messages.success(request, _("The end date of the role was changed."))

    return _role_change(request, pk, assignment_pk, RoleEndDateForm, change)


@login_required
@require_POST
def role_end(request, pk, assignment_pk):
    def change(assignment, data):
        if not assignment.is_active():
            raise ValidationError(_("Only a role in force can be ended; change its dates instead."))
        # "Today" where it is earliest, of the viewer's time zone and the
        # portal's: the role then grants nothing on anyone's next page.
        today = min(
            timezone.localdate(), timezone.localdate(timezone=timezone.get_default_timezone())
        )
        services.role_end(assignment=assignment, on=today, reason=data["reason"])
        messages.success(request, _("The role was ended; it no longer grants anything."))

    return _role_change(request, pk, assignment_pk, RoleEndForm, change)


# --- Exports ---------------------------------------------------------------

EXPORT_COLUMNS = [
    "name",
    "email",
    "organisations",
    "countries",
    "stakeholder_types",
    "roles",
    "groups",
    "committee_seats",
    "last_sign_in",
    "account_active",
]


def export_rows(people):
    for person in people:
        affiliations = list(person.affiliations.all())
        organisations = [a.organisation for a in affiliations]
        roles = []
        for assignment in person.current_roles:
            text = assignment.title()
            if assignment.ends_on:
                text += " " + _("until %(date)s") % {"date": assignment.ends_on.isoformat()}
            roles.append(text)
        yield [
            person.full_name,
            person.email,
            "; ".join(
                f"{o.name} ({a.position})" if a.position else o.name
                for a, o in zip(affiliations, organisations, strict=True)
            ),
            "; ".join(sorted({str(o.country) for o in organisations})),
            "; ".join(sorted({str(o.stakeholder_type) for o in organisations})),
            "; ".join(roles),
            "; ".join(m.group.name for m in person.groups_held),
            "; ".join(str(seat) for seat in seats_of(person)),
            timezone.localtime(person.last_login).strftime("%Y-%m-%d %H:%M")
            if person.last_login
            else "",
            _("yes") if person.is_active else _("no"),
        ]


@login_required
def people_export(request, file_format):
    _require_view(request.user)
    _filterset, people = filtered_people(request)
    filename = f"people-{timezone.localdate().isoformat()}.{file_format}"
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("people")
        sheet.append([safe_cell(column, sheet) for column in EXPORT_COLUMNS])
        for row in export_rows(people):
            sheet.append([safe_cell(value, sheet) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # a BOM so spreadsheet programs read UTF-8 names
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for row in export_rows(people):
            writer.writerow([safe_cell(value) for value in row])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
