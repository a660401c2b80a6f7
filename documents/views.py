"""Library pages and downloads. Views stay thin: selectors read, services write.

Every document is fetched through `selectors.access_document` /
`access_version` (404 when missing or not visible), and every download checks
again: no file has an address that works without asking.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from common.forms import add_service_errors, paginate
from common.pagecache import cache_public_page
from common.storage import open_for_download

from . import selectors, services
from .filters import DocumentFilter
from .forms import DocumentCreateForm, DocumentEditForm, VersionForm

logger = logging.getLogger(__name__)

PAGE_SIZE = 20


@cache_public_page
@require_safe
def library(request):
    filterset = DocumentFilter(
        request.GET, queryset=selectors.documents_visible_to(request.user), request=request
    )
    documents = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page, query = paginate(request, documents, PAGE_SIZE)
    return render(
        request,
        "documents/library.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_add": selectors.may_add_documents(request.user),
        },
    )


@cache_public_page
@require_safe
def document_detail(request, pk):
    document = selectors.access_document(request.user, pk)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "versions": list(selectors.versions_of(document)),
            "can_change": request.user.has_perm("documents.change_document", document),
        },
    )


def _initial_group(request):
    slug = request.GET.get("group")
    if not slug:
        return {}
    group = selectors.groups_for_upload(request.user).filter(slug=slug).first()
    if group is None:
        return {}
    return {"group": group, "access": "group"}


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request):
    if not selectors.may_add_documents(request.user):
        raise PermissionDenied
    form = DocumentCreateForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=_initial_group(request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                by=request.user,
                title=data["title"],
                description=data["description"],
                language=data["language"],
                access=data["access"],
                group=data["group"],
                file=data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was added to the library."))
            return redirect(document)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "document": None},
        status=400 if request.method == "POST" else 200,  # refused: the form again
    )


def _changeable(request, pk):
    document = selectors.access_document(request.user, pk)
    if not request.user.has_perm("documents.change_document", document):
        raise PermissionDenied
    return document


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = _changeable(request, pk)
    initial = {
        "title": document.title,
        "description": document.description,
        "language": document.language,
        "access": document.access,
        "group": document.group,
    }
    form = DocumentEditForm(
        request.POST or None, user=request.user, document=document, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(
                document=document,
                by=request.user,
                fields={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document's details were saved."))
            return redirect(document)
    return render(
        request,
        "documents/document_form.html",
        {"form": form, "document": document},
        status=400 if request.method == "POST" else 200,  # refused: the form again
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, pk):
    document = _changeable(request, pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_add_version(
                document=document,
                by=request.user,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)d was uploaded; the earlier versions are kept.")
                % {"number": version.number},
            )
            return redirect(document)
    return render(
        request,
        "documents/version_form.html",
        {"form": form, "document": document, "latest": document.latest_version},
        status=400 if request.method == "POST" else 200,  # refused: the form again
    )


@require_safe
def download(request, pk, number):
    """Stream one version, after checking access again (on every request)."""
    version = selectors.access_version(request.user, pk=pk, number=number)
    try:
        # An outage of the store raises StorageUnavailable here: a 503
        # "temporarily unavailable" (common.middleware), never a 500.
        handle = open_for_download(version.file)
    except FileNotFoundError:
        logger.error("Document file missing: %s (version %s)", version.file.name, version.pk)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if not version.document.is_public:
        # Only the person's own browser may keep a copy, never a shared cache.
        patch_cache_control(response, private=True)
    return response
