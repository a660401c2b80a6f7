"""Written procedures: seat holders take positions (one per seat, changeable
until the item closes), and the beat task closes a procedure once, with the
outcome the committee's decision rule gives."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.db.utils import IntegrityError
from django.utils import timezone

from committee import services
from committee.models import (
    CommitteeSeat,
    DecisionRule,
    Position,
    Procedure,
    ReviewDecision,
    ReviewRequest,
)
from committee.tasks import close_due_procedures
from notifications.models import EventMailDelivery
from tests.factories import UserFactory
from tests.factories.activities_extra import committee_member, secretariat_user
from tests.factories.committee import seat_holder, submitted_plan
from workinggroups.models import WorkPlanVersion

pytestmark = pytest.mark.django_db

IN_A_WEEK = datetime.timedelta(days=7)


@pytest.fixture
def committee():
    """Three seat holders, the secretariat and a submitted plan."""
    seats = [seat_holder("CN"), seat_holder("RU"), seat_holder("INT")]
    request, lead = submitted_plan()
    return seats, secretariat_user(), request, lead


def _open(request, by, *, deadline=None):
    return services.procedure_open(
        request=request, by=by, deadline=deadline or timezone.now() + IN_A_WEEK
    )


def _close_after_deadline(procedure):
    later = (procedure.deadline + datetime.timedelta(minutes=1)).isoformat()
    return close_due_procedures.apply(kwargs={"now": later}).get()


def test_a_seat_holder_takes_and_changes_one_position(committee):
    (cn, _ru, _int), _secretariat, request, _lead = committee
    services.position_take(request=request, user=cn, stance="support")
    services.position_take(request=request, user=cn, stance="object", comment="No budget.")
    position = Position.objects.get(request=request)
    assert (position.stance, position.comment) == ("object", "No budget.")


def test_the_database_admits_one_position_per_seat(committee):
    (cn, _ru, _int), _secretariat, request, _lead = committee
    position = services.position_take(request=request, user=cn, stance="support")
    with pytest.raises(IntegrityError):
        Position.objects.create(request=request, seat=position.seat, author=cn, stance="abstain")


def test_without_a_seat_no_position(committee):
    _seats, secretariat, request, _lead = committee
    for user in (secretariat, committee_member(), UserFactory()):
        with pytest.raises(PermissionDenied, match="current committee seat"):
            services.position_take(request=request, user=user, stance="support")
    assert not Position.objects.exists()


def test_an_objection_gives_its_reasons(committee):
    (cn, _ru, _int), _secretariat, request, _lead = committee
    with pytest.raises(ValidationError) as error:
        services.position_take(request=request, user=cn, stance="object", comment="  ")
    assert error.value.message_dict == {"comment": ["Say why you object."]}


def test_after_the_deadline_positions_are_refused(committee):
    (cn, _ru, _int), secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    Procedure.objects.filter(pk=procedure.pk).update(
        opened_at=timezone.now() - IN_A_WEEK,
        deadline=timezone.now() - datetime.timedelta(seconds=1),
    )
    with pytest.raises(ValidationError, match="deadline has passed"):
        services.position_take(request=request, user=cn, stance="support")


def test_a_decided_item_takes_no_more_positions(committee):
    (cn, _ru, _int), secretariat, request, _lead = committee
    services.decision_record_meeting(
        request=request, by=secretariat, outcome="approve", minutes_url="https://example.org/m"
    )
    with pytest.raises(ValidationError, match="decided already"):
        services.position_take(request=request, user=cn, stance="support")


def test_opening_tells_every_seat_holder_once(committee, django_capture_on_commit_callbacks):
    seats, secretariat, request, _lead = committee
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        procedure = _open(request, secretariat)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in seats)
    assert all("Awaiting your position" in m.subject for m in mail.outbox)
    assert all(request.get_absolute_url() in m.body for m in mail.outbox)
    from notifications.procedures import announce_procedure

    announce_procedure.apply(args=[procedure.pk, "opened"])  # run again: nothing more
    assert len(mail.outbox) == 3
    assert seats[0].notifications.filter(kind="review_requested").count() == 1


def test_one_open_procedure_per_item_and_only_by_the_secretariat_or_chair(committee):
    (cn, ru, _int), secretariat, request, _lead = committee
    with pytest.raises(PermissionDenied):
        _open(request, cn)
    _open(request, secretariat)
    with pytest.raises(ValidationError, match="already open"):
        _open(request, secretariat)
    rule = DecisionRule.current()
    rule.chair = CommitteeSeat.objects.get(holder__user=ru)
    rule.save()
    ru = type(ru).objects.get(pk=ru.pk)  # fresh: nothing cached
    assert ru.has_perm("committee.run_procedure", request)
    assert not cn.has_perm("committee.run_procedure", request)


def test_a_deadline_in_the_past_is_refused(committee):
    _seats, secretariat, request, _lead = committee
    with pytest.raises(ValidationError) as error:
        _open(request, secretariat, deadline=timezone.now() - datetime.timedelta(hours=1))
    assert "deadline" in error.value.message_dict


def test_consensus_an_objection_sends_the_item_back_with_its_comment(committee):
    (cn, ru, int_), secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    services.position_take(request=request, user=cn, stance="support")
    services.position_take(request=request, user=ru, stance="support")
    services.position_take(
        request=request, user=int_, stance="object", comment="Say where the traps go."
    )
    assert _close_after_deadline(procedure) == 1
    procedure.refresh_from_db()
    request.refresh_from_db()
    assert procedure.outcome == Procedure.Outcome.CHANGES_REQUESTED
    assert procedure.tally | {} == {
        "seats": 3, "answered": 3, "quorum": 2, "rule": "consensus",
        "support": 2, "object": 1, "abstain": 0,
    }  # fmt: skip
    assert request.status == ReviewRequest.Status.CHANGES_REQUESTED
    decision = ReviewDecision.objects.get(request=request)
    assert decision.method == ReviewDecision.Method.WRITTEN
    assert decision.procedure == procedure
    assert "Say where the traps go." in decision.comment
    assert decision.is_public
    version = WorkPlanVersion.objects.get(pk=request.object_id)
    assert version.status == WorkPlanVersion.Status.CHANGES_REQUESTED


def test_consensus_with_a_quorum_and_no_objection_approves(committee):
    (cn, ru, _int), secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    services.position_take(request=request, user=cn, stance="support")
    services.position_take(request=request, user=ru, stance="abstain")
    _close_after_deadline(procedure)
    procedure.refresh_from_db()
    assert procedure.outcome == Procedure.Outcome.APPROVED
    version = WorkPlanVersion.objects.get(pk=request.object_id)
    assert version.status == WorkPlanVersion.Status.APPROVED


def test_a_missed_quorum_is_reported_as_such_not_as_approval(
    committee, django_capture_on_commit_callbacks
):
    (cn, _ru, _int), secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    services.position_take(request=request, user=cn, stance="support")  # 1 of 3, quorum 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _close_after_deadline(procedure)
    procedure.refresh_from_db()
    request.refresh_from_db()
    assert procedure.outcome == Procedure.Outcome.NO_QUORUM
    assert request.status == ReviewRequest.Status.PENDING
    assert not ReviewDecision.objects.exists()
    assert mail.outbox and all("No quorum" in m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    ("stances", "outcome"),
    [
        (["support", "support", "object"], Procedure.Outcome.APPROVED),
        (["support", "abstain", "abstain"], Procedure.Outcome.CHANGES_REQUESTED),
        (["support", None, None], Procedure.Outcome.NO_QUORUM),
    ],
)
def test_majority_of_seats(committee, stances, outcome):
    seats, secretariat, request, _lead = committee
    services.decision_rule_set(by=secretariat, method=DecisionRule.Method.MAJORITY)
    procedure = _open(request, secretariat)
    for user, stance in zip(seats, stances, strict=True):
        if stance:
            services.position_take(request=request, user=user, stance=stance, comment="Reasons.")
    _close_after_deadline(procedure)
    procedure.refresh_from_db()
    assert procedure.outcome == outcome
    assert procedure.rule == DecisionRule.Method.MAJORITY


def test_only_the_secretariat_sets_the_rule(committee):
    (cn, _ru, _int), secretariat, _request, _lead = committee
    with pytest.raises(PermissionDenied):
        services.decision_rule_set(by=cn, method=DecisionRule.Method.MAJORITY)
    with pytest.raises(ValidationError):
        services.decision_rule_set(by=secretariat, quorum_percent=0)
    assert DecisionRule.current().method == DecisionRule.Method.CONSENSUS


def test_a_meeting_decision_links_its_minutes_and_supersedes_the_procedure(committee):
    (cn, _ru, _int), secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    with pytest.raises(PermissionDenied):
        services.decision_record_meeting(
            request=request, by=cn, outcome="approve", minutes_url="https://example.org/m"
        )
    with pytest.raises(ValidationError) as error:
        services.decision_record_meeting(
            request=request, by=secretariat, outcome="approve", minutes_url=""
        )
    assert "minutes_url" in error.value.message_dict
    decision = services.decision_record_meeting(
        request=request, by=secretariat, outcome="approve", minutes_url="https://example.org/m"
    )
    assert decision.method == ReviewDecision.Method.MEETING
    procedure.refresh_from_db()
    assert (procedure.state, procedure.outcome) == ("closed", "superseded")
    assert _close_after_deadline(procedure) == 0


def test_a_procedure_before_its_deadline_stays_open(committee):
    _seats, secretariat, request, _lead = committee
    procedure = _open(request, secretariat)
    assert close_due_procedures.apply().get() == 0
    procedure.refresh_from_db()
    assert procedure.is_open


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_a_repeated_beat_close_once_with_one_set_of_mails():
    """Two workers run the closing task at the same moment, then beat fires
    again twice: one outcome, one decision, one set of mails."""
    seats = [seat_holder("CN"), seat_holder("RU"), seat_holder("INT")]
    request, lead = submitted_plan()
    secretariat = secretariat_user()
    procedure = _open(request, secretariat)
    for user in seats:
        services.position_take(request=request, user=user, stance="support")
    mail.outbox.clear()
    later = (procedure.deadline + datetime.timedelta(minutes=1)).isoformat()
    barrier = threading.Barrier(2)
    closed, errors = [], []

    def worker():
        # SQLite's shared in-memory test database refuses a second writer
        # ("table is locked") instead of making it wait: the worker tries
        # again, as the task's retry does. PostgreSQL makes the second UPDATE
        # wait for the first and then find the procedure closed.
        try:
            barrier.wait()
            for _attempt in range(100):
                try:
                    # the task's body, as a worker runs it (without eager retries)
                    closed.append(close_due_procedures.run(now=later))
                    break
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.05)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(closed) == [0, 1]
    for _beat in range(2):
        assert close_due_procedures.apply(kwargs={"now": later}).get() == 0
    procedure.refresh_from_db()
    assert procedure.outcome == Procedure.Outcome.APPROVED
    assert ReviewDecision.objects.filter(request=request).count() == 1
    closing = [m.to[0] for m in mail.outbox if "Written procedure closed" in m.subject]
    decided = [m.to[0] for m in mail.outbox if "Committee decision" in m.subject]
    assert sorted(closing) == sorted({u.email for u in seats} | {secretariat.email})
    assert decided == [lead.email]
    assert EventMailDelivery.objects.filter(key=f"procedure-closed:{procedure.pk}").count() == 4


def test_no_lone_decision_while_a_procedure_is_open(committee):
    """Even the secretariat, who may decide directly otherwise, waits for the
    procedure (or records a meeting's decision)."""
    _seats, secretariat, request, _lead = committee
    _open(request, secretariat)
    with pytest.raises(ValidationError, match="decides it together"):
        services.review_decide(request=request, reviewer=secretariat, outcome="approve")
    request.refresh_from_db()
    assert request.status == ReviewRequest.Status.PENDING


def test_a_seat_holder_who_wants_no_alert_gets_the_notice_without_mail(
    committee, django_capture_on_commit_callbacks
):
    """ "Awaits your position" follows the member's alert choice: off (or the
    digest) leaves the notice in their list and sends no mail."""
    from notifications.models import AlertDelivery, AlertKind, AlertPreference

    (cn, ru, int_), secretariat, request, _lead = committee
    AlertPreference.objects.create(
        user=cn, kind=AlertKind.AWAITS_POSITION, delivery=AlertDelivery.OFF
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _open(request, secretariat)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([ru.email, int_.email])
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert cn.notifications.filter(kind="review_requested").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_position_sent_twice_at_once_is_counted_once():
    """The same seat holder's position arrives twice at the same moment (a
    double click, two tabs): one position for the seat, counted once, the
    later stance kept."""
    holder = seat_holder("CN")
    request, _lead = submitted_plan()
    barrier = threading.Barrier(2)
    taken, errors = [], []

    def send(stance):
        try:
            barrier.wait()
            for _attempt in range(100):
                try:
                    # a fresh user object, as each request has its own
                    user = type(holder).objects.get(pk=holder.pk)
                    taken.append(services.position_take(request=request, user=user, stance=stance))
                    break
                except OperationalError as error:  # SQLite's "table is locked": try again
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.05)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(stance,)) for stance in ("support", "abstain")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(taken) == 2  # both answered, neither refused
    (position,) = Position.objects.filter(request=request)
    assert position.stance in ("support", "abstain")
    tally = services.tally_of(request)
    assert tally["answered"] == 1 and tally[position.stance] == 1
