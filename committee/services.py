"""Writes for the committee: submissions into the review queue, positions,
comments, written procedures and decisions, the decision rule, and seats
(whose terms give and take the committee role)."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.events import publish
from stakeholders.models import Role
from stakeholders.services import role_assign, role_end

from .models import (
    CommitteeSeat,
    DecisionRule,
    Position,
    Procedure,
    ReviewComment,
    ReviewDecision,
    ReviewRequest,
)
from .registry import kind_of
from .rules import current_seat


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
    """Record the committee's decision on a submission directly and let its
    kind apply it: the secretariat or the chair, when no written procedure is
    open (`committee.decide_review`). Seat holders take positions
    (`position_take`); the committee decides together by written procedure or
    in a meeting (`decision_record_meeting`)."""
    request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if not reviewer.has_perm("committee.decide_review", request):
        raise PermissionDenied(
            _(
                "Only the secretariat or the chair records the committee's decision; "
                "seat holders take a position."
            )
        )
    if request.procedures.filter(state=Procedure.State.OPEN).exists():
        # the committee decides it together now: by the procedure, or in a
        # meeting (decision_record_meeting), not by one reviewer
        raise ValidationError(
            _("A written procedure is open on this submission: the committee decides it together.")
        )
    return _decision_apply(request=request, reviewer=reviewer, outcome=outcome, comment=comment)


@transaction.atomic
def decision_record_meeting(
    *, request: ReviewRequest, by, outcome: str, minutes_url: str, comment: str = ""
) -> ReviewDecision:
    """Record what the committee decided on a submission in a meeting, with
    the minutes linked (the secretariat or the chair records it)."""
    request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if not by.has_perm("committee.run_procedure", request):
        raise PermissionDenied(
            _("Only the secretariat or the chair records the committee's decisions.")
        )
    return _decision_apply(
        request=request,
        reviewer=by,
        outcome=outcome,
        comment=comment,
        method=ReviewDecision.Method.MEETING,
        minutes_url=(minutes_url or "").strip(),
        tally=tally_of(request),
    )


def _decision_apply(
    *,
    request: ReviewRequest,
    reviewer,
    outcome: str,
    comment: str,
    method: str = ReviewDecision.Method.DIRECT,
    procedure: Procedure | None = None,
    minutes_url: str = "",
    tally: dict | None = None,
) -> ReviewDecision:
    """The one way a decision is applied, whoever took it (the request is
    locked by the caller): recorded, the request's status set, the kind's
    handler called, `review.decided` published. An open written procedure on
    the request ends as superseded."""
    if request.status != ReviewRequest.Status.PENDING:
        raise ValidationError(_("This submission was already decided."))
    outcome = ReviewDecision.Outcome(outcome)
    comment = (comment or "").strip()
    if outcome == ReviewDecision.Outcome.REQUEST_CHANGES and not comment:
        raise ValidationError({"comment": _("Say what should change.")})
    now = timezone.now()
    decision = ReviewDecision(
        request=request,
        reviewer=reviewer,
        outcome=outcome,
        comment=comment,
        decided_at=now,
        method=method,
        procedure=procedure,
        minutes_url=minutes_url,
        tally=tally or {},
        # the committee's own decisions are all on the public record
        is_public=outcome == ReviewDecision.Outcome.APPROVE
        or method != ReviewDecision.Method.DIRECT,
    )
    decision.full_clean()
    decision.save()
    if procedure is None:
        Procedure.objects.filter(request=request, state=Procedure.State.OPEN).update(
            state=Procedure.State.CLOSED,
            outcome=Procedure.Outcome.SUPERSEDED,
            closed_at=now,
        )
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


# --- Deciding together: positions, comments, written procedures -------------------------


def _locked_pending(request: ReviewRequest) -> ReviewRequest:
    request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ReviewRequest.Status.PENDING:
        raise ValidationError(_("This submission is closed: it was decided already."))
    return request


@transaction.atomic
def position_take(*, request: ReviewRequest, user, stance: str, comment: str = "") -> Position:
    """Record (or change) the position of the seat `user` holds. One per
    seat (a UniqueConstraint): two submissions at once leave one position,
    the later one's."""
    seat = current_seat(user)
    if seat is None:
        raise PermissionDenied(
            _("Only a member holding a current committee seat takes a position.")
        )
    if request.submitted_by_id == user.pk:
        raise PermissionDenied(_("Nobody takes a position on their own submission."))
    request = _locked_pending(request)
    procedure = request.procedures.filter(state=Procedure.State.OPEN).first()
    now = timezone.now()
    if procedure is not None and procedure.deadline <= now:
        raise ValidationError(
            _("The deadline has passed: positions can no longer be taken or changed.")
        )
    position = Position(
        request=request,
        seat=seat,
        author=user,
        stance=stance,
        comment=(comment or "").strip(),
        created_at=now,
        updated_at=now,
    )
    position.full_clean(exclude=["request", "seat"], validate_unique=False)
    try:
        with transaction.atomic():
            position.save(force_insert=True)
    except IntegrityError:  # the seat's position exists: change it
        position = Position.objects.select_for_update().get(request=request, seat=seat)
        position.author = user
        position.stance = stance
        position.comment = (comment or "").strip()
        position.updated_at = now
        position.save(update_fields=["author", "stance", "comment", "updated_at"])
    return position


@transaction.atomic
def comment_add(*, request: ReviewRequest, user, body: str, to_submitter: bool = False):
    """A comment without deciding, by anyone entitled to the submission; the
    submitter's own comments are part of their thread with the committee.
    One addressed to the submitter is shown to them and told to them
    (`review.commented`)."""
    if not user.has_perm("committee.view_review", request):
        raise PermissionDenied(_("You may not comment on this submission."))
    request = _locked_pending(request)
    comment = ReviewComment(
        request=request,
        author=user,
        body=(body or "").strip(),
        to_submitter=to_submitter or request.submitted_by_id == user.pk,
    )
    comment.full_clean()
    comment.save()
    if comment.to_submitter and request.submitted_by_id not in (None, user.pk):
        publish("review.commented", comment)  # the submitter hears of it on commit
    return comment


@transaction.atomic
def procedure_open(*, request: ReviewRequest, by, deadline) -> Procedure:
    """Open a written procedure on a submission until `deadline`; the seat
    holders are told at once (the `procedure.opened` event)."""
    if not by.has_perm("committee.run_procedure", request):
        raise PermissionDenied(_("Only the secretariat or the chair opens a written procedure."))
    request = _locked_pending(request)
    now = timezone.now()
    if deadline is None or deadline <= now:
        raise ValidationError({"deadline": _("The deadline must be in the future.")})
    if deadline > now + datetime.timedelta(days=90):
        raise ValidationError({"deadline": _("A written procedure lasts at most 90 days.")})
    procedure = Procedure(request=request, opened_by=by, opened_at=now, deadline=deadline)
    procedure.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            procedure.save()
    except IntegrityError:
        raise ValidationError(
            _("A written procedure is already open on this submission.")
        ) from None
    publish("procedure.opened", procedure)
    return procedure


def tally_of(request: ReviewRequest, rule: DecisionRule | None = None) -> dict:
    """The count of the current seats' positions on `request` (one query for
    the seats, one for the positions)."""
    rule = rule or DecisionRule.current()
    seat_ids = list(CommitteeSeat.objects.current().values_list("pk", flat=True))
    counts = dict.fromkeys(Position.Stance.values, 0)
    for stance in request.positions.filter(seat_id__in=seat_ids).values_list("stance", flat=True):
        counts[stance] += 1
    return {
        "seats": len(seat_ids),
        "answered": sum(counts.values()),
        "quorum": rule.quorum_of(len(seat_ids)),
        "rule": rule.method,
        **counts,
    }


def outcome_of(tally: dict) -> str:
    """The outcome the decision rule gives for a tally.

    Consensus: an objection sends the item back; otherwise it passes when a
    quorum of seats answered. Majority: with a quorum, it passes when more
    than half of all seats support it, else it goes back. Without a quorum
    (and, under consensus, without an objection) nothing is decided."""
    if tally["rule"] == DecisionRule.Method.CONSENSUS:
        if tally["object"]:
            return Procedure.Outcome.CHANGES_REQUESTED
        if tally["answered"] < tally["quorum"] or not tally["answered"]:
            return Procedure.Outcome.NO_QUORUM
        return Procedure.Outcome.APPROVED
    if tally["answered"] < tally["quorum"] or not tally["answered"]:
        return Procedure.Outcome.NO_QUORUM
    if tally["support"] * 2 > tally["seats"]:
        return Procedure.Outcome.APPROVED
    return Procedure.Outcome.CHANGES_REQUESTED


def _changes_comment(request: ReviewRequest, tally: dict) -> str:
    objections = (
        request.positions.filter(
            stance=Position.Stance.OBJECT, seat__in=CommitteeSeat.objects.current()
        )
        .select_related("seat__stakeholder_type", "seat__country")
        .order_by("created_at", "pk")
    )
    lines = [f"{position.seat_label}: {position.comment}" for position in _labelled(objections)]
    if not lines:
        lines = [
            _("No majority of the seats supported it (%(support)s of %(seats)s).")
            % {"support": tally["support"], "seats": tally["seats"]}
        ]
    return _("Written procedure: changes requested.") + "\n\n" + "\n\n".join(lines)


def _labelled(positions):
    for position in positions:
        seat = position.seat
        position.seat_label = f"{seat.stakeholder_type} / {seat.country or _('International')}"
        yield position


def procedure_close(*, procedure_id: int, now=None) -> Procedure | None:
    """Close one written procedure whose deadline has passed, exactly once:
    the conditional UPDATE ... WHERE state = 'open' is the claim (two workers
    or two beats: one of them updates the row, the other finds nothing to do
    and returns None). The outcome follows the decision rule; approval and
    changes requested are applied through the same path as every decision."""
    now = now or timezone.now()
    with transaction.atomic():
        request_id = (
            Procedure.objects.filter(pk=procedure_id).values_list("request_id", flat=True).first()
        )
        if request_id is None:
            return None
        # the submission first, then the procedure: the order every decision
        # takes its locks in (a meeting's decision supersedes the procedure)
        request = ReviewRequest.objects.select_for_update().get(pk=request_id)
        claimed = Procedure.objects.filter(
            pk=procedure_id, state=Procedure.State.OPEN, deadline__lte=now
        ).update(state=Procedure.State.CLOSED, closed_at=now)
        if not claimed:
            return None
        procedure = Procedure.objects.select_related("opened_by").get(pk=procedure_id)
        rule = DecisionRule.current()
        tally = tally_of(request, rule)
        outcome = outcome_of(tally)
        if request.status != ReviewRequest.Status.PENDING:
            outcome = Procedure.Outcome.SUPERSEDED
        procedure.outcome = outcome
        procedure.rule = rule.method
        procedure.tally = tally
        procedure.save(update_fields=["outcome", "rule", "tally"])
        if outcome in (Procedure.Outcome.APPROVED, Procedure.Outcome.CHANGES_REQUESTED):
            approved = outcome == Procedure.Outcome.APPROVED
            _decision_apply(
                request=request,
                reviewer=procedure.opened_by,
                outcome=ReviewDecision.Outcome.APPROVE
                if approved
                else ReviewDecision.Outcome.REQUEST_CHANGES,
                comment="" if approved else _changes_comment(request, tally),
                method=ReviewDecision.Method.WRITTEN,
                procedure=procedure,
                tally=tally,
            )
        publish("procedure.closed", procedure)
    return procedure


def procedures_close_due(now=None) -> int:
    """Close every open procedure whose deadline has passed (the beat task);
    safe to run from any number of workers at once. Returns how many this
    call closed."""
    now = now or timezone.now()
    due = list(
        Procedure.objects.filter(state=Procedure.State.OPEN, deadline__lte=now)
        .order_by("deadline")
        .values_list("pk", flat=True)
    )
    return sum(1 for pk in due if procedure_close(procedure_id=pk, now=now) is not None)


@transaction.atomic
def decision_rule_set(*, by, **fields) -> DecisionRule:
    """Change how the committee decides (the secretariat)."""
    if not by.has_perm("committee.set_decision_rule"):
        raise PermissionDenied(_("Only the secretariat sets how the committee decides."))
    DecisionRule.objects.get_or_create(pk=1)
    rule = DecisionRule.objects.select_for_update().get(pk=1)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save(update_fields=[*fields, "updated_at"])
    return rule


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
