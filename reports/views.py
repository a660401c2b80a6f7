"""The annual report's pages: thin, the figures come from selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.forms import add_service_errors

from . import selectors, services
from .docx import DOCX_TYPE, report_document
from .forms import WrittenPartForm
from .sections import report_sections, report_title

# The first year a report can be asked for: the partnership's founding
# documents are older, but nothing in the portal is.
FIRST_YEAR = 2000


def _require_view(user):
    if not user.has_perm("reports.view_report"):
        raise PermissionDenied


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def _page(report) -> dict:
    return {
        "report": report,
        "title": report_title(report["year"]),
        "sections": report_sections(report) if report["has_data"] else [],
    }


@login_required
@require_GET
def report_list(request):
    _require_view(request.user)
    return render(request, "reports/report_list.html", {"years": selectors.report_years()})


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, year):
    _require_view(request.user)
    year = _checked_year(year)
    can_edit = request.user.has_perm("reports.edit_report")
    form = None
    status = 200
    if can_edit:
        form = WrittenPartForm(request.POST or None, instance=selectors.written_part(year))
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.report_write(
                        year=year,
                        by=request.user,
                        introduction=form.cleaned_data["introduction"],
                        conclusions=form.cleaned_data["conclusions"],
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The introduction and conclusions were saved."))
                    return redirect("reports:report", year=year)
            status = 400
    elif request.method == "POST":
        raise PermissionDenied
    report = selectors.annual_report(year)
    return render(
        request,
        "reports/report_detail.html",
        {**_page(report), "form": form, "can_edit": can_edit},
        status=status,
    )


@login_required
@require_GET
def report_print(request, year):
    _require_view(request.user)
    report = selectors.annual_report(_checked_year(year))
    return render(request, "reports/report_print.html", _page(report))


@login_required
@require_GET
def report_docx(request, year):
    _require_view(request.user)
    report = selectors.annual_report(_checked_year(year))
    response = HttpResponse(report_document(report), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="annual-report-{year}.docx"'
    return response
