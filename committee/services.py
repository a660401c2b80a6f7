"""Writes for the committee: submissions into the review queue, decisions,
and seats (whose terms give and take the committee role)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.events import publish
from stakeholders.models import Role
from stakeholders.services import role_assign, role_end

from .models import CommitteeSeat, ReviewDecision, ReviewRequest
from .registry import kind_of


def review_submit(
    *, subject, kind: str, title: str, submitted_by, group=None, country=None, stakeholder_type=None
) -> ReviewRequest:
    """Put `subject` in the committee's queue (one pending request per subject)."""
    kind_of(kind)  # an unknown kind is a programming error
    try:
        with transaction.atomic():
            return ReviewRequest.objects.create(
                content_type=ContentType.objects.get_for_model(subject),
                object_id=subject.pk,
                kind=kind,
                title=title[:300],
                group=group,
                country=country,
                stakeholder_type=stakeholder_type,
                submitted_by=submitted_by,
            )
    except IntegrityError:
        raise ValidationError(_("This is already waiting for the committee.")) from None


@transaction.atomic
def review_decide(
    *, request: ReviewRequest, reviewer, outcome: str, comment: str = ""
) -> ReviewDecision:
    """Record a decision and let the submission's kind apply it."""
    request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if not reviewer.has_perm("committee.decide_review", request):
        raise PermissionDenied(_("You may not decide this submission."))
    if request.status != ReviewRequest.Status.PENDING:
        raise ValidationError(_("This submission was already decided."))
    outcome = ReviewDecision.Outcome(outcome)
    comment = (comment or "").strip()
    if outcome == ReviewDecision.Outcome.REQUEST_CHANGES and not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    decision = ReviewDecision(
        request=request,
        reviewer=reviewer,
        outcome=outcome,
        comment=comment,
        decided_at=timezone.now(),
        is_public=outcome == ReviewDecision.Outcome.APPROVE,
    )
    decision.full_clean()
    decision.save()
    request.status = (
        ReviewRequest.Status.APPROVED
        if outcome == ReviewDecision.Outcome.APPROVE
        else ReviewRequest.Status.CHANGES_REQUESTED
    )
    request.save(update_fields=["status"])
    kind = kind_of(request.kind)
    handler = kind.approve if outcome == ReviewDecision.Outcome.APPROVE else kind.request_changes
    handler(request.subject, decision)
    # those the kind's audience names hear of it (in-app and by email) on commit
    publish("review.decided", decision)
    return decision


@transaction.atomic
def seat_assign(
    *, holder, stakeholder_type, term_start, term_end, country=None, by=None, note=""
) -> CommitteeSeat:
    """Seat a person for a term; the committee role they get ends with it."""
    if by is not None and not by.has_perm("committee.manage_seats"):
        raise PermissionDenied
    seat = CommitteeSeat(
        holder=holder,
        stakeholder_type=stakeholder_type,
        country=country,
        term_start=term_start,
        term_end=term_end,
        note=note,
    )
    seat.full_clean()
    seat.role_assignment = role_assign(
        user=holder.user,
        role=Role.COMMITTEE,
        starts_on=term_start,
        ends_on=term_end,
        assigned_by=by,
        note=_("committee seat: %(seat)s") % {"seat": f"{stakeholder_type} / {country or '-'}"},
    )
    seat.save()
    return seat


@transaction.atomic
def seat_end(*, seat: CommitteeSeat, on=None, by=None) -> CommitteeSeat:
    """End a term early (or re-date its end): the role ends the same day."""
    if by is not None and not by.has_perm("committee.manage_seats"):
        raise PermissionDenied
    on = on or timezone.localdate()
    if on <= seat.term_start:
        raise ValidationError({"term_end": _("The term must end after it starts.")})
    seat.term_end = on
    seat.full_clean()
    seat.save(update_fields=["term_end"])
    if seat.role_assignment is not None:
        role_end(assignment=seat.role_assignment, on=on, reason=_("The committee term ends"))
    return seat
