"""The committee's pages: the public composition page and record of decisions,
the review queue with each item's positions, comments and procedures, and
the decision rule."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors, paginate
from common.fragments import Deferred, deferred_pair
from common.pagecache import cache_public_page

from . import selectors, services
from .forms import (
    CommentForm,
    DecisionForm,
    DecisionRuleForm,
    MeetingDecisionForm,
    PositionForm,
    ProcedureForm,
    QueueFilterForm,
)
from .models import DecisionRule, Position, Procedure, ReviewRequest
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
    page, query = deferred_pair(lambda: paginate(request, pending, 25))
    # Looked up only when the queue's content block is rendered, not when it
    # comes from the cache (committee/queue.html).
    return render(
        request,
        "committee/queue.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "kinds": KINDS,
            "stances": dict(Position.Stance.choices),
            "decisions": Deferred(
                lambda: list(selectors.recent_decisions(public_only=False, limit=15))
            ),
        },
    )


def _review_page(request, review_request, *, status=200, **bound):
    """The review page: what was submitted, the procedure panel, the
    positions, the comments and the forms the user may use (`bound` holds a
    form that failed, shown again with its errors)."""
    user = request.user
    pending = review_request.status == ReviewRequest.Status.PENDING
    kind = KINDS.get(review_request.kind)
    procedure = selectors.open_procedure(review_request)
    closed_for_positions = procedure is not None and procedure.deadline_passed
    rule = DecisionRule.current()
    forms = {}
    if procedure is None and pending and user.has_perm("committee.decide_review", review_request):
        forms["form"] = bound.get("form") or DecisionForm(kind=kind)
    positions = list(selectors.review_positions(review_request))
    if pending and user.has_perm("committee.take_position", review_request):
        own = next((p for p in positions if p.seat.holder.user_id == user.pk), None)
        forms["position_form"] = (
            bound.get("position_form")
            or (
                PositionForm(initial={"stance": own.stance, "comment": own.comment})
                if own
                else None
            )
            or PositionForm()
        )
        forms["own_position"] = own
    if pending:
        forms["comment_form"] = bound.get("comment_form") or CommentForm(
            to_submitter=review_request.submitted_by_id != user.pk
        )
    if pending and user.has_perm("committee.run_procedure", review_request):
        if procedure is None:
            forms["procedure_form"] = bound.get("procedure_form") or ProcedureForm(
                initial={
                    "deadline": timezone.localtime() + datetime.timedelta(days=rule.procedure_days)
                }
            )
        forms["meeting_form"] = bound.get("meeting_form") or MeetingDecisionForm(kind=kind)
    forms.update(bound)  # a refused form comes back with its message, whoever sent it
    sees_positions = user.has_perm("committee.view_positions")
    return render(
        request,
        "committee/review.html",
        {
            "review_request": review_request,
            "subject": review_request.subject,
            "kind": kind,
            "rule": rule,
            "procedure": procedure,
            "closed_for_positions": closed_for_positions,
            "past_procedures": review_request.procedures.exclude(state=Procedure.State.OPEN),
            "tally": services.tally_of(review_request, rule),
            "positions": positions if sees_positions else None,
            "comments": selectors.review_comments(review_request, user),
            "decisions": review_request.decisions.select_related("reviewer"),
            **forms,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    review_request = selectors.access_review_request(request.user, pk)
    if request.method == "GET":
        return _review_page(request, review_request)
    if not (
        review_request.status == ReviewRequest.Status.PENDING
        and request.user.has_perm("committee.decide_review", review_request)
    ):
        raise PermissionDenied
    kind = KINDS.get(review_request.kind)
    form = DecisionForm(request.POST, kind=kind)
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
    return _review_page(request, review_request, status=400, form=form)


def _post_to_review(request, pk, *, form_name, build, act, done):
    """The POST of one form on the review page: `act(review_request, data)`
    calls the service; a refusal shows the page again with the form and its
    errors (400; 403 when the service says the user may not)."""
    review_request = selectors.access_review_request(request.user, pk)
    form = build(request.POST, review_request)
    status = 400
    if form.is_valid():
        try:
            act(review_request, form.cleaned_data)
        except PermissionDenied as error:  # said plainly, on the page
            status = 403
            form.add_error(None, str(error) or _("You may not do this."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(review_request.get_absolute_url())
    return _review_page(request, review_request, status=status, **{form_name: form})


@login_required
@require_POST
def position(request, pk):
    return _post_to_review(
        request,
        pk,
        form_name="position_form",
        build=lambda data, _item: PositionForm(data),
        act=lambda item, data: services.position_take(
            request=item, user=request.user, stance=data["stance"], comment=data["comment"]
        ),
        done=_("Your position was recorded."),
    )


@login_required
@require_POST
def comment(request, pk):
    return _post_to_review(
        request,
        pk,
        form_name="comment_form",
        build=lambda data, item: CommentForm(
            data, to_submitter=item.submitted_by_id != request.user.pk
        ),
        act=lambda item, data: services.comment_add(
            request=item,
            user=request.user,
            body=data["body"],
            to_submitter=data.get("to_submitter", False),
        ),
        done=_("Your comment was added."),
    )


@login_required
@require_POST
def procedure_open(request, pk):
    return _post_to_review(
        request,
        pk,
        form_name="procedure_form",
        build=lambda data, _item: ProcedureForm(data),
        act=lambda item, data: services.procedure_open(
            request=item, by=request.user, deadline=data["deadline"]
        ),
        done=_("The written procedure is open; the seat holders have been told."),
    )


@login_required
@require_POST
def meeting_decision(request, pk):
    return _post_to_review(
        request,
        pk,
        form_name="meeting_form",
        build=lambda data, item: MeetingDecisionForm(data, kind=KINDS.get(item.kind)),
        act=lambda item, data: services.decision_record_meeting(
            request=item,
            by=request.user,
            outcome=data["outcome"],
            comment=data["comment"],
            minutes_url=data["minutes_url"],
        ),
        done=_("The meeting's decision was recorded."),
    )


@cache_public_page
def decisions(request):
    """The committee's public record of decisions."""
    shows_positions = request.user.has_perm("committee.view_positions")
    record = selectors.decision_record(with_positions=shows_positions)
    page, query = paginate(request, record, 50)
    return render(
        request,
        "committee/decisions.html",
        {
            "page": page,
            "query": query,
            "undecided": selectors.undecided_procedures(),
            "kinds": KINDS,
            "shows_positions": shows_positions,
            "rule": DecisionRule.current(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_rule(request):
    """The secretariat sets how the committee decides."""
    if not request.user.has_perm("committee.set_decision_rule"):
        raise PermissionDenied
    rule = DecisionRule.current()
    form = DecisionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_rule_set(
                by=request.user, **{name: form.cleaned_data[name] for name in form.fields}
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The decision rule was saved."))
            return redirect("committee:decision_rule")
    return render(
        request,
        "committee/decision_rule.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
