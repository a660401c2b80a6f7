"""Working-group pages. Views stay thin: selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors, formset_row_change
from common.fragments import Deferred
from common.names import by_local_name
from common.pagecache import cache_public_page
from common.translations import content_language, translated_field_for_page, translated_fields
from stakeholders.selectors import affiliations_of

from . import selectors, services
from .forms import (
    JoinDecisionForm,
    JoinRequestForm,
    MemberAddForm,
    RoleChangeForm,
    SummaryForm,
    WorkPlanForm,
    WorkPlanItemForm,
    WorkPlanItemFormSet,
)
from .models import GroupMembership, GroupRole, JoinRequest, WorkPlan, WorkPlanVersion
from .sections import sections_for


@cache_public_page
def group_list(request):
    groups = Deferred(lambda: by_local_name(selectors.groups_for_listing()))
    # Looked up only when the list's content block is rendered, not when it
    # comes from the cache (workinggroups/group_list.html).
    return render(
        request,
        "workinggroups/group_list.html",
        {
            "groups": groups,
            "mandates": Deferred(
                lambda: translated_fields(groups(), "mandate", content_language(request))
            ),
        },
    )


def _group_page_context(request, group):
    """The group page's context. Everything below its header is worked out
    only when the page's content block is rendered, not when it comes from
    the cache (workinggroups/group_detail.html)."""
    user = request.user
    mandate, mandate_links = translated_field_for_page(request, group, "mandate")
    membership = Deferred(lambda: selectors.membership_of(user, group))
    members = Deferred(lambda: selectors.members_of(group))
    # The reader's answers too: asked only inside the block.
    can_see_private = Deferred(lambda: user.has_perm("workinggroups.view_private", group))
    may_decide_joins = Deferred(lambda: user.has_perm("workinggroups.decide_join_request", group))

    def join_form():
        if user.is_authenticated and membership() is None:
            affiliations = list(affiliations_of(user))
            if affiliations:
                return JoinRequestForm(affiliations=affiliations)
        return None

    return {
        "group": group,
        "mandate": mandate,
        "language_links": mandate_links,
        "membership": membership,
        "leads": Deferred(
            lambda: [m for m in members() if m.role in (GroupRole.LEAD, GroupRole.CO_CHAIR)]
        ),
        "members": Deferred(lambda: members() if can_see_private() else []),
        "organisations": Deferred(
            lambda: sorted({m.organisation for m in members()}, key=lambda o: o.local_name)
        ),
        "can_see_private": can_see_private,
        "can_manage": Deferred(lambda: user.has_perm("workinggroups.manage_members", group)),
        "can_decide_joins": may_decide_joins,
        "can_plan": Deferred(lambda: user.has_perm("workinggroups.edit_workplan", group)),
        "join_form": Deferred(join_form),
        "pending_request": Deferred(
            lambda: (
                JoinRequest.objects.filter(group=group, user=user, status="pending").first()
                if user.is_authenticated and membership() is None
                else None
            )
        ),
        "join_requests": Deferred(
            lambda: selectors.pending_join_requests(group) if may_decide_joins() else []
        ),
        "plans": Deferred(lambda: selectors.plans_for_group(user, group)),
        # documents, meetings, action items: the sections other apps register
        **sections_for(user, group, can_see_private=can_see_private),
    }


@cache_public_page
def group_detail(request, slug):
    group = selectors.group_by_slug(slug, with_members=False)
    return render(request, "workinggroups/group_detail.html", _group_page_context(request, group))


@login_required
@require_POST
def join(request, slug):
    group = selectors.group_by_slug(slug)
    form = JoinRequestForm(request.POST, affiliations=list(affiliations_of(request.user)))
    if form.is_valid():
        try:
            services.join_request_create(
                user=request.user,
                group=group,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request was sent to the group's leads."))
            return redirect(group)
    context = _group_page_context(request, group)
    context["join_form"] = form
    return render(request, "workinggroups/group_detail.html", context, status=400)


@login_required
@require_POST
def join_decide(request, slug, pk):
    group = selectors.group_by_slug(slug)
    if not request.user.has_perm("workinggroups.decide_join_request", group):
        raise PermissionDenied
    join_request = get_object_or_404(JoinRequest, pk=pk, group=group)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect(group)
    try:
        services.join_request_decide(
            join_request=join_request,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("The request was decided."))
    return redirect(group)


@login_required
@require_http_methods(["GET", "POST"])
def members(request, slug):
    group = selectors.group_by_slug(slug)
    if not request.user.has_perm("workinggroups.view_private", group):
        raise Http404
    can_manage = request.user.has_perm("workinggroups.manage_members", group)
    add_form = MemberAddForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if add_form.is_valid():
            person = add_form.cleaned_data["person"]
            try:
                services.membership_add(
                    group=group,
                    user=person.user,
                    organisation=person.organisation,
                    role=add_form.cleaned_data["role"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(add_form, error)
            else:
                messages.success(request, _("%(who)s joined the group.") % {"who": person.user})
                return redirect("workinggroups:members", slug=group.slug)
    return render(
        request,
        "workinggroups/members.html",
        {
            "group": group,
            "memberships": group.memberships.all(),
            "add_form": add_form,
            "can_manage": can_manage,
            "roles": GroupRole.choices,
        },
        status=400 if request.method == "POST" else 200,
    )


def _membership(request, slug, pk):
    group = selectors.group_by_slug(slug)
    if not request.user.has_perm("workinggroups.view_private", group):
        raise Http404
    return get_object_or_404(GroupMembership.objects.select_related("user"), pk=pk, group=group)


@login_required
@require_POST
def member_role(request, slug, pk):
    membership = _membership(request, slug, pk)
    form = RoleChangeForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The role was changed."))
    else:
        messages.error(request, _("Choose a role."))
    return redirect("workinggroups:members", slug=slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    membership = _membership(request, slug, pk)
    leaving = membership.user_id == request.user.pk
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("workinggroups:members", slug=slug)
    if leaving:
        messages.success(request, _("You left the group."))
        return redirect("workinggroups:group", slug=slug)
    messages.success(request, _("The member was removed."))
    return redirect("workinggroups:members", slug=slug)


# --- Work plans ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def workplan_new(request, slug):
    group = selectors.group_by_slug(slug)
    if not request.user.has_perm("workinggroups.edit_workplan", group):
        raise PermissionDenied
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.workplan_create(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The plan was created. Add its items."))
            return redirect("workinggroups:workplan_edit", **_version_kwargs(version))
    return render(
        request,
        "workinggroups/workplan_new.html",
        {"group": group, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _version_kwargs(version):
    return {"slug": version.plan.group.slug, "pk": version.plan_id, "number": version.number}


def _plan(request, slug, pk):
    plan = WorkPlan.objects.select_related("group").filter(group__slug=slug, pk=pk).first()
    if plan is None:
        raise Http404
    versions = [
        v
        for v in plan.versions.select_related("submitted_by").order_by("number")
        if request.user.has_perm("workinggroups.view_workplan_version", v)
    ]
    if not versions:
        raise Http404
    return plan, versions


def workplan_detail(request, slug, pk):
    plan, versions = _plan(request, slug, pk)
    return _render_version(request, plan, versions, versions[-1])


def workplan_version(request, slug, pk, number):
    plan, versions = _plan(request, slug, pk)
    version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404
    return _render_version(request, plan, versions, version)


def _render_version(request, plan, versions, version):
    from committee.models import ReviewDecision, ReviewRequest

    group = plan.group
    latest = versions[-1]
    user = request.user
    # this version's review pages, for those who may open them (the committee,
    # the secretariat, its submitter, who reads there the comments to them)
    reviews = [
        review
        for review in ReviewRequest.objects.filter(
            object_id=version.pk, kind=services.WORKPLAN_REVIEW_KIND
        ).order_by("submitted_at", "pk")
        if user.is_authenticated and user.has_perm("committee.view_review", review)
    ]
    return render(
        request,
        "workinggroups/workplan.html",
        {
            "group": group,
            "plan": plan,
            "versions": versions,
            "version": version,
            "items": version.items.select_related("responsible").order_by("position"),
            "decisions": ReviewDecision.objects.filter(
                request__object_id__in=[v.pk for v in versions],
                request__kind=services.WORKPLAN_REVIEW_KIND,
            ).select_related("reviewer", "request"),
            "reviews": reviews,
            "can_edit": version.status == WorkPlanVersion.Status.DRAFT
            and user.has_perm("workinggroups.edit_workplan", group),
            "can_submit": version.status == WorkPlanVersion.Status.DRAFT
            and user.has_perm("workinggroups.submit_workplan", group),
            "can_revise": version == latest
            and version.status == WorkPlanVersion.Status.CHANGES_REQUESTED
            and user.has_perm("workinggroups.edit_workplan", group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def workplan_edit(request, slug, pk, number):
    version = selectors.access_workplan_version(
        request.user, group_slug=slug, plan_pk=pk, number=number
    )
    group = version.plan.group
    if not request.user.has_perm("workinggroups.edit_workplan", group):
        raise PermissionDenied
    if version.is_frozen:
        messages.error(request, _("This version is frozen: it was submitted to the committee."))
        return redirect(version)
    items = version.items.order_by("position")
    data = request.POST if request.method == "POST" else None
    # "Add a row" and "Remove" buttons: the same form again, one row more
    # or less, nothing saved (this works without JavaScript)
    rearranged = formset_row_change(data, "items") if data is not None else None
    summary_form = SummaryForm(rearranged or data, initial={"summary": version.summary})
    formset = WorkPlanItemFormSet(
        rearranged or data,
        initial=[WorkPlanItemForm.initial_for(item) for item in items],
        prefix="items",
    )
    if rearranged is None and data is not None and summary_form.is_valid() and formset.is_valid():
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for row in rows:
            row.pop("DELETE", None)
        try:
            services.workplan_draft_save(
                version=version,
                by=request.user,
                summary=summary_form.cleaned_data["summary"],
                items=rows,
            )
        except ValidationError as error:
            add_service_errors(summary_form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect(version)
    refused = data is not None and rearranged is None
    return render(
        request,
        "workinggroups/workplan_edit.html",
        {
            "group": group,
            "version": version,
            "summary_form": summary_form,
            "formset": formset,
        },
        status=400 if refused else 200,
    )


@login_required
@require_POST
def workplan_submit(request, slug, pk, number):
    version = selectors.access_workplan_version(
        request.user, group_slug=slug, plan_pk=pk, number=number
    )
    try:
        services.workplan_submit(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted to the coordination committee."))
    return redirect(version)


@login_required
@require_POST
def workplan_revise(request, slug, pk):
    plan, _versions = _plan(request, slug, pk)
    try:
        draft = services.workplan_revise(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(request, _("Version %(n)s started from the last one.") % {"n": draft.number})
    return redirect("workinggroups:workplan_edit", **_version_kwargs(draft))


def workplan_compare(request, slug, pk):
    plan, versions = _plan(request, slug, pk)
    by_number = {v.number: v for v in versions}
    try:
        a = int(request.GET.get("a", versions[0].number))
        b = int(request.GET.get("b", versions[-1].number))
    except ValueError:
        a, b = versions[0].number, versions[-1].number
    if a not in by_number or b not in by_number:
        raise Http404
    old, new = by_number[min(a, b)], by_number[max(a, b)]
    return render(
        request,
        "workinggroups/workplan_compare.html",
        {
            "group": plan.group,
            "plan": plan,
            "versions": versions,
            "old": old,
            "new": new,
            "comparison": selectors.compare_versions(old, new),
        },
    )
