"""Mails about the committee's written procedures: the seat holders are asked
for their position when one opens, and told its outcome when it closes.

Kept apart from tasks.py (the same claim protocol, the same `build_mail`):
`procedure.opened` and `procedure.closed` (common.events) reach listeners.py,
which enqueues `announce_procedure(procedure_id, stage)`; that fans out one
`send_procedure_mail(procedure_id, user_id, stage)` per recipient, each sent
at most once through claims.py (EventMailDelivery "procedure-<stage>:<id>").
Who is asked is the rule's own answer (`committee.rules.position_takers`).
"""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from . import claims
from .mail import build_mail
from .models import AlertDelivery, AlertKind, EventMailDelivery, Notification
from .services import absolute_url, alert_choices, log_skipped, recipient_problem
from .tasks import NotificationTask, _send
from .unread import unread_changed

OPENED = "opened"
CLOSED = "closed"


def _procedure(procedure_id: int):
    from committee.models import Procedure

    return Procedure.objects.select_related("request").filter(pk=procedure_id).first()


def recipients(procedure, stage: str):
    """Opened: those who may take a position (the current seat holders, not
    the submitter). Closed: the current seat holders and whoever opened it."""
    from django.db.models import Q

    from committee.rules import position_takers, seat_holders
    from common.authz import active_users

    if stage == OPENED:
        users = active_users().filter(position_takers(procedure.request))
        return users.exclude(pk=procedure.opened_by_id)
    return active_users().filter(seat_holders() | Q(pk=procedure.opened_by_id))


def procedure_mail(procedure, user, stage: str):
    from committee.models import DecisionRule
    from committee.registry import kind_of

    request = procedure.request
    kind = kind_of(request.kind)
    url = absolute_url(request.get_absolute_url())

    def subject():
        if stage == OPENED:
            return _("Awaiting your position — written procedure: %(title)s") % {
                "title": request.title
            }
        return _("Written procedure closed — %(outcome)s: %(title)s") % {
            "outcome": procedure.get_outcome_display(),
            "title": request.title,
        }

    return build_mail(
        user=user,
        template=f"procedure_{stage}",
        # the request for a position is the "awaits your position" alert,
        # with its one-click unsubscribe; the outcome cannot be switched off
        kind=AlertKind.AWAITS_POSITION if stage == OPENED else None,
        context={
            "procedure": procedure,
            "request": request,
            "kind": kind,
            "tally": procedure.tally,
            "rule": DecisionRule.current().get_method_display(),
            "url": url,
        },
        subject=subject,
    )


@shared_task(acks_late=True)
def announce_procedure(procedure_id: int, stage: str) -> int:
    """One `send_procedure_mail` per recipient; safe to run twice (each
    send is claimed once)."""
    procedure = _procedure(procedure_id)
    if procedure is None:
        return 0
    user_ids = sorted(recipients(procedure, stage).values_list("pk", flat=True))
    for user_id in user_ids:
        send_procedure_mail.delay(procedure_id, user_id, stage)
    return len(user_ids)


@shared_task(base=NotificationTask, bind=True)
def send_procedure_mail(self, procedure_id: int, user_id: int, stage: str) -> str:
    """Ask one seat holder for their position (with the in-app entry "awaiting
    your review"), or tell them the outcome: at most once each."""
    procedure = _procedure(procedure_id)
    user = get_user_model().objects.filter(pk=user_id).first()
    if procedure is None or user is None:
        return "gone"
    lookup = {"key": f"procedure-{stage}:{procedure.pk}", "user": user}
    problem = recipient_problem(user)
    if problem:
        log_skipped(user, problem, f"procedure {stage} mail")
        claims.skip(EventMailDelivery, note=problem, **lookup)
        return "skipped"
    notification = None
    if stage == OPENED:
        from django.utils import translation

        with translation.override(user.language or None):
            title = _("Awaiting your position: %(title)s") % {"title": procedure.request.title}
        notification = {
            "user": user,
            "kind": Notification.Kind.REVIEW_REQUESTED,
            "title": title[:300],
            "url": procedure.request.get_absolute_url(),
            "event_key": f"procedure:{procedure.pk}",
        }
        # "awaits your position" is an alert the member chose how to get:
        # in the digest or off, the notice is in their list and no mail goes
        choice = alert_choices(user)[AlertKind.AWAITS_POSITION]
        if choice != AlertDelivery.AT_ONCE:
            Notification.objects.bulk_create([Notification(**notification)], ignore_conflicts=True)
            unread_changed([user.pk])
            claims.skip(EventMailDelivery, note=f"alert preference: {choice}", **lookup)
            return "not at once"
    return _send(
        EventMailDelivery,
        lookup,
        lambda: procedure_mail(procedure, user, stage),
        notification=notification,
    )
