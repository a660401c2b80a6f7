"""/data/: population and patrol figures with charts, tables and downloads;
the import pages for centre staff. Views stay thin: reads in selectors.py,
writes in services.py, permissions asked through `user.has_perm`."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities.models import ProtectedArea
from common import textfiles
from common.forms import add_service_errors
from common.fragments import Deferred
from common.names import by_local_name
from common.pagecache import cache_public_page
from common.provenance import partnership_started_on
from stakeholders.models import Country

from . import charts, exports, imports, selectors, services
from .forms import DataFilterForm, ImportForm
from .models import ImportJob, Method, Species


def _filter_form(request) -> DataFilterForm:
    form = DataFilterForm(
        request.GET or None, countries=Country.objects.all(), areas=ProtectedArea.objects.all()
    )

    # The options, loaded once when the form is rendered (not at all when its
    # HTML comes from the cache), in the reader's order of names.
    def countries():
        return [("", _("All countries"))] + [
            (c.code, c.local_name) for c in by_local_name(Country.objects.all())
        ]

    def areas():
        return [("", _("All protected areas"))] + [
            (a.slug, f"{a.local_name} ({a.country.local_name})")
            for a in by_local_name(ProtectedArea.objects.select_related("country"))
        ]

    form.fields["country"].choices = countries
    form.fields["area"].choices = areas
    return form


def _query(request) -> str:
    return request.GET.urlencode()


@require_GET
@cache_public_page
def data_index(request):
    form = _filter_form(request)
    if request.GET and not form.is_valid():
        response = render(
            request, "monitoring/data.html", {"form": form, "invalid": True}, status=400
        )
        return response
    filters = form.to_filter() if request.GET else selectors.DataFilter()

    @functools.cache
    def figures() -> dict:
        estimates = selectors.estimates_for_data(request.user, filters)
        patrols = selectors.patrols_for_data(request.user, filters)
        yearly = charts.patrol_totals_by_year(patrols)
        # The table lists the most recent summaries (a centre may import
        # thousands); the charts and yearly totals count them all, and the
        # downloads carry every row.
        recent = set(
            sorted(patrols, key=lambda p: (p.period_end, p.pk), reverse=True)[:PATROL_ROWS_SHOWN]
        )
        shown = [p for p in patrols if p in recent]
        points = selectors.points_for(request.user, [*estimates, *shown])
        return {
            "estimates": [(e, points[(e._meta.label_lower, e.pk)]) for e in estimates],
            "patrols": [(p, points[(p._meta.label_lower, p.pk)]) for p in shown],
            "patrol_count": len(patrols),
            "population_charts": charts.population_charts(estimates),
            "patrol_charts": charts.patrol_charts(yearly),
            "patrol_years": yearly,
            "patrol_totals": charts.partnership_totals(yearly),
        }

    # The figures are worked out only when the page's figures block is
    # rendered, not when it comes from the cache (templates/monitoring/data.html).
    context = {name: Deferred(lambda name=name: figures()[name]) for name in FIGURES}
    context.update(
        form=form,
        query=_query(request),
        may_import=request.user.has_perm("monitoring.import_data"),
        baseline_note=charts.baseline_note(),
        partnership_started_on=partnership_started_on(),
    )
    return render(request, "monitoring/data.html", context)


PATROL_ROWS_SHOWN = 200
FIGURES = (
    "estimates",
    "patrols",
    "patrol_count",
    "population_charts",
    "patrol_charts",
    "patrol_years",
    "patrol_totals",
)


@require_GET
def download(request, dataset: str, file_format: str):
    """The rows /data/ shows for the same filters, in the asked format."""
    if file_format not in exports.FORMATS or dataset not in ("population", "patrols"):
        raise Http404
    form = _filter_form(request)
    if request.GET and not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    filters = form.to_filter() if request.GET else selectors.DataFilter()
    if dataset == "population":
        rows = exports.estimate_rows(request.user, selectors.estimates_query(request.user, filters))
        return exports.respond("population-estimates", exports.ESTIMATE_COLUMNS, rows, file_format)
    rows = exports.patrol_rows(request.user, selectors.patrols_query(request.user, filters))
    return exports.respond("patrol-summaries", exports.PATROL_COLUMNS, rows, file_format)


# --- Imports ---------------------------------------------------------------------


@login_required
def import_upload(request):
    if not request.user.has_perm("monitoring.import_data"):
        raise PermissionDenied
    centres = selectors.centres_published_by(request.user)
    if not centres:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, centres=centres)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.import_job_create(
                    user=request.user,
                    centre=form.cleaned_data["centre"],
                    kind=form.cleaned_data["kind"],
                    file_format=form.cleaned_data["file_format"],
                    upload=form.cleaned_data["file"],
                    encoding=form.cleaned_data["encoding"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                services.import_job_start(job)
                return redirect(job.get_absolute_url())
        status = 400
    return render(
        request,
        "monitoring/import.html",
        {"form": form, "jobs": selectors.import_jobs_of(request.user)},
        status=status,
    )


def _access_job(user, pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("centre").filter(pk=pk).first()
    if job is None or not user.has_perm("monitoring.view_importjob", job):
        raise Http404
    return job


def _job_page(request, job: ImportJob, *, refusal: str = "", status: int = 200):
    """The job's page: progress, then the preview (with the uploader's
    confirmation form) or the result."""
    may_confirm = job.awaits_confirmation and job.created_by_id == request.user.pk
    return render(
        request,
        "monitoring/import_job.html",
        {
            "job": job,
            "preview": job.preview,
            "encoding_label": textfiles.encoding_label(job.encoding) if job.encoding else "",
            "likely_label": textfiles.encoding_label(job.preview.get("encoding_likely", ""))
            if job.preview.get("encoding_likely")
            else "",
            "confirm_token": services.import_confirmation_token(job) if may_confirm else "",
            "refusal": refusal,
        },
        status=status,
    )


@login_required
def import_job(request, pk: int):
    return _job_page(request, _access_job(request.user, pk))


@login_required
@require_POST
def import_job_confirm(request, pk: int):
    """The uploader confirms the preview: the same stored file is imported,
    once. A stale, foreign or changed confirmation answers 4xx with why."""
    job = _access_job(request.user, pk)
    try:
        job = services.import_job_confirm(
            user=request.user, job=job, token=request.POST.get("token", "")
        )
    except services.ConfirmationRefused as refused:
        return _job_page(request, job, refusal=str(refused), status=refused.status)
    services.import_job_start(job)
    return redirect(job.get_absolute_url())


@login_required
@require_GET
def import_job_status(request, pk: int):
    """What the progress bar polls."""
    job = _access_job(request.user, pk)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": job.get_status_display(),
            "finished": not job.in_progress,
            "awaits_confirmation": job.awaits_confirmation,
            "total": job.total,
            "progress": job.progress,
            "percent": job.percent,
            "imported": job.imported,
            "refused_rows": len(job.refused_rows),
            "stuck": job.looks_stuck,
            "url": job.get_absolute_url(),
        }
    )


@require_GET
def import_help(request):
    return render(
        request,
        "monitoring/import_help.html",
        {
            "columns": [
                (ImportJob.Kind(kind).label, kind, columns)
                for kind, columns in imports.COLUMNS.items()
            ],
            "smart_mapping": imports.SMART_MAPPING,
            "species": Species.choices,
            "methods": Method.choices,
            "areas": ProtectedArea.objects.select_related("country").order_by(
                "country__sort_order", "name"
            ),
            "countries": Country.objects.order_by("sort_order", "name"),
            "max_kb": imports.max_upload_bytes() // 1024,
            "max_rows": imports.max_rows(),
        },
    )


@require_GET
def import_template(request, kind: str, file_format: str):
    """An empty template with one example row, as CSV or XLSX."""
    if kind not in ImportJob.Kind.values or file_format not in ("csv", "xlsx"):
        raise Http404
    rows = list(imports.iter_template_rows(kind))
    columns, example = rows[0], rows[1]
    response = exports.respond(
        f"{kind}-template", columns, [dict(zip(columns, example, strict=True))], file_format
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{file_format}"'
    return response
