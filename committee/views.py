"""The committee's pages: the public composition page and the review queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors, paginate
from common.pagecache import cache_public_page

from . import selectors, services
from .forms import DecisionForm, QueueFilterForm
from .models import ReviewRequest
from .registry import KINDS, PAGE_SECTIONS


@cache_public_page
def committee_page(request):
    return render(
        request,
        "committee/committee.html",
        {
            "seats": selectors.current_seats(),
            "decisions": selectors.recent_decisions(public_only=True, limit=20),
            # e.g. the committee's coming meetings (registered by meetings)
            **{name: rows(request.user) for name, rows in PAGE_SECTIONS.items()},
        },
    )


@login_required
def queue(request):
    if not request.user.has_perm("committee.review"):
        raise PermissionDenied
    form = QueueFilterForm(request.GET or None)
    group = older = None
    if form.is_valid():
        group = form.cleaned_data["group"]
        older = int(form.cleaned_data["older_than"]) if form.cleaned_data["older_than"] else None
    pending = selectors.review_queue(request.user, group=group, older_than_days=older)
    page, query = paginate(request, pending, 25)
    return render(
        request,
        "committee/queue.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "kinds": KINDS,
            "decisions": selectors.recent_decisions(public_only=False, limit=15),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    review_request = selectors.access_review_request(request.user, pk)
    can_decide = review_request.status == ReviewRequest.Status.PENDING and request.user.has_perm(
        "committee.decide_review", review_request
    )
    kind = KINDS.get(review_request.kind)
    form = DecisionForm(request.POST or None, kind=kind) if can_decide else None
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.review_decide(
                    request=review_request,
                    reviewer=request.user,
                    outcome=form.cleaned_data["outcome"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Your decision was recorded."))
                return redirect("committee:queue")
    subject = review_request.subject
    return render(
        request,
        "committee/review.html",
        {
            "review_request": review_request,
            "subject": subject,
            "kind": kind,
            "form": form,
            "decisions": review_request.decisions.select_related("reviewer"),
        },
        status=400 if request.method == "POST" else 200,
    )
