"""In-app notifications for the events the digest reports, made when they happen.

The owning services publish an event (common.events: "workplan.submitted",
"report.submitted", "review.decided", "document.added",
"action_item.assigned", ...); on commit, listeners.py enqueues the task
`tasks.notify_event(event, object_id)`, which calls `fan_out` here.

Each event below works out who is told and what they read, then writes all
the `Notification` rows with one `bulk_create`: an event for 300 members costs
the same fixed number of queries as one for 3. The rows carry an `event_key`
behind a UniqueConstraint, so a task run twice (acks_late, a redelivery)
adds nothing.

Who is told, and why they may see it (the recipient queries are the
permission rules written as filters on users, in each app's rules.py next to
the rule; tests/test_rules_agree.py and tests/notifications/test_events.py
hold them to `user.has_perm` for a mixed population):

- a work plan submitted: the group's members (`workinggroups.view_private`
  on the group) with a link to the version; and, with a link to the review,
  those who may record the committee's decision ("awaits your decision":
  the secretariat and the chair, `committee.decide_review`) and the current
  seat holders ("awaits your position", `committee.take_position`);
- a submission decided (work plan, activity proposal, activity report): the
  `notified` audience its review kind registers (committee.registry; the
  decision email reads the same function): for a work plan the group's
  members, for an activity or its report whoever proposed it and the people
  of its lead organisation while that is an active member
  (`activities.view_activity` / `view_report` call them involved);
- an activity proposed or its report submitted: as for a work plan, the
  deciders and the seat holders;
- a comment on a submission addressed to its submitter: the submitter
  (`committee.view_review` lets them see it), an alert of its own kind;
- a membership application submitted: whoever may decide it
  (`stakeholders.decide_application`): the secretariat, and the focal points
  whose scope covers its country and stakeholder type;
- a document added to a group: the group's members who may see it under its
  access level (`documents.view_document`);
- an action item assigned to a person or an organisation: that person, or
  the organisation's people with an account, if they may see the meeting
  (`meetings.view_meeting`); the link is the meeting.

Meetings scheduled, changed and cancelled are told by the mail tasks in
`tasks.py`, which add the in-app entry with the mail's delivery row.

News is deliberately absent: an article is published for everyone, and
telling every account of it is the digest's job, not the notification list's.

Whoever caused the event is not told about it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.authz import active_users, working_for

from .models import Notification
from .unread import unread_changed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What one audience of an event reads. `title` and `body` are callables
    evaluated in each recipient's language (once per language, not per
    recipient)."""

    kind: str
    title: Callable[[], str]
    url: str
    body: Callable[[], str] = str


# --- Who may see what: each app's rules.py ----------------------------------------
#
# The recipient lists are the permission rules written as filters on users,
# next to the rules themselves (the "audience" form of each rule); they are
# imported where used so that this module imports no domain app at load time.


# --- Writing the rows ---------------------------------------------------------------


def notify(event_key: str, audiences: list[tuple], *, actor_id=None) -> int:
    """Write one notification per user of each audience `(users, Message)`;
    a user in several audiences gets the first one's. One query per audience
    for the recipients, one bulk insert (rows that exist already are left
    alone). Returns how many rows were offered."""
    chosen: dict[int, tuple[str, Message]] = {}
    for users, message in audiences:
        for user_id, language in users.values_list("pk", "language"):
            if user_id != actor_id:
                chosen.setdefault(user_id, (language, message))
    rendered: dict[tuple[int, str], tuple[str, str]] = {}
    by_language = defaultdict(list)
    for user_id, (language, message) in chosen.items():
        by_language[(id(message), language)].append(user_id)
    rows = []
    for user_id, (language, message) in chosen.items():
        key = (id(message), language)
        if key not in rendered:
            with translation.override(language or None):
                rendered[key] = (str(message.title())[:300], str(message.body()))
        title, body = rendered[key]
        rows.append(
            Notification(
                user_id=user_id,
                kind=message.kind,
                title=title,
                body=body,
                url=message.url,
                event_key=event_key,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    unread_changed(row.user_id for row in rows)
    _mail_alerts(event_key, {row.user_id: row.kind for row in rows})
    return len(rows)


def _mail_alerts(event_key: str, kind_by_user: dict[int, str]) -> None:
    """Mail at once the notices that are alerts (ALERT_OF_NOTICE) to those
    who chose "at once" for their kind (1 query for the choices). The mail
    task claims each send (EventMailDelivery "notice:<event key>"), so a
    fan-out run twice mails nobody twice."""
    from . import services, tasks
    from .models import ALERT_OF_NOTICE, AlertDelivery

    alerted = {
        uid: ALERT_OF_NOTICE[kind] for uid, kind in kind_by_user.items() if kind in ALERT_OF_NOTICE
    }
    if not alerted:
        return
    choices = services.alert_choices_by_user(alerted)
    for user_id, alert_kind in sorted(alerted.items()):
        if choices[user_id][alert_kind] == AlertDelivery.AT_ONCE:
            tasks.send_alert_mail.delay(event_key, user_id)


# --- The events ---------------------------------------------------------------------


def _review_request_for(subject):
    from django.contrib.contenttypes.models import ContentType

    from committee.models import ReviewRequest

    return (
        ReviewRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _awaiting_committee(request) -> list[tuple]:
    """The audiences told that a submission awaits the committee: those who
    may record its decision first (the chair holds a seat too: one notice,
    this one), then the seat holders, who take positions."""
    from committee.rules import deciders_of, reviewers_of

    return [
        (
            deciders_of(request),
            Message(
                kind=Notification.Kind.REVIEW_TO_DECIDE,
                title=lambda: _("Awaiting your decision: %(title)s") % {"title": request.title},
                body=lambda: _(
                    "The seat holders take positions; open a written procedure, or record "
                    "the committee's decision."
                ),
                url=request.get_absolute_url(),
            ),
        ),
        (
            reviewers_of(request),
            Message(
                kind=Notification.Kind.REVIEW_REQUESTED,
                title=lambda: _("Awaiting your position: %(title)s") % {"title": request.title},
                url=request.get_absolute_url(),
            ),
        ),
    ]


def workplan_submitted(version_id: int) -> int:
    from workinggroups.models import WorkPlanVersion

    version = WorkPlanVersion.objects.select_related("plan__group").filter(pk=version_id).first()
    if version is None or version.submitted_at is None:
        return 0
    from workinggroups.rules import group_members_seeing

    group = version.plan.group
    request = _review_request_for(version)
    audiences = [
        (
            group_members_seeing(group),
            Message(
                kind=Notification.Kind.WORKPLAN_SUBMITTED,
                title=lambda: _("Work plan submitted: %(title)s") % {"title": str(version)},
                body=lambda: (
                    _("%(group)s sent it to the committee for review.")
                    % {"group": group.local_name}
                ),
                url=version.get_absolute_url(),
            ),
        )
    ]
    if request is not None:
        audiences.extend(_awaiting_committee(request))
    return notify(f"workplan-submitted:{version.pk}", audiences, actor_id=version.submitted_by_id)


def _review_requested(subject) -> int:
    """The deciders and the seat holders of the review `subject` was sent to."""
    request = _review_request_for(subject) if subject is not None else None
    if request is None:
        return 0
    return notify(
        f"review-request:{request.pk}",
        _awaiting_committee(request),
        actor_id=request.submitted_by_id,
    )


def review_commented(comment_id: int) -> int:
    """A comment on a submission addressed to its submitter: the submitter is
    told (an alert they choose how to get), unless they wrote it."""
    from committee.models import ReviewComment

    comment = (
        ReviewComment.objects.select_related("request", "author")
        .filter(pk=comment_id, to_submitter=True)
        .first()
    )
    if comment is None or comment.request.submitted_by_id is None:
        return 0
    request = comment.request
    author = comment.author.full_name or comment.author.email
    body = comment.body
    message = Message(
        kind=Notification.Kind.REVIEW_COMMENT,
        title=lambda: (
            _("A comment for you from %(name)s on %(title)s")
            % {"name": author, "title": request.title}
        ),
        body=lambda: body[:1000],
        url=request.get_absolute_url(),
    )
    return notify(
        f"review-comment:{comment.pk}",
        [(active_users().filter(pk=request.submitted_by_id), message)],
        actor_id=comment.author_id,
    )


def report_submitted(report_id: int) -> int:
    from activities.models import Report

    return _review_requested(Report.objects.filter(pk=report_id).first())


def activity_proposed(activity_id: int) -> int:
    from activities.models import Activity

    return _review_requested(Activity.objects.filter(pk=activity_id).first())


def _decision_titles(kind: str, approved: bool):
    from activities.services import PROPOSAL_REVIEW_KIND, REPORT_REVIEW_KIND
    from workinggroups.services import WORKPLAN_REVIEW_KIND

    titles = {
        (WORKPLAN_REVIEW_KIND, True): lambda: _("Work plan approved: %(title)s"),
        (WORKPLAN_REVIEW_KIND, False): lambda: _("Changes requested to the work plan: %(title)s"),
        (PROPOSAL_REVIEW_KIND, True): lambda: _("Activity approved: %(title)s"),
        (PROPOSAL_REVIEW_KIND, False): lambda: _("Activity declined: %(title)s"),
        (REPORT_REVIEW_KIND, True): lambda: _("Activity report accepted: %(title)s"),
        (REPORT_REVIEW_KIND, False): lambda: _("Activity report sent back: %(title)s"),
    }
    return titles.get((kind, approved), lambda: _("Committee decision: %(title)s"))


def _decision_notice_kind(kind: str) -> str:
    from activities.services import PROPOSAL_REVIEW_KIND, REPORT_REVIEW_KIND

    return {
        PROPOSAL_REVIEW_KIND: Notification.Kind.ACTIVITY_DECIDED,
        REPORT_REVIEW_KIND: Notification.Kind.REPORT_DECIDED,
    }.get(kind, Notification.Kind.WORKPLAN_DECIDED)


def review_decided(decision_id: int) -> int:
    """Those the review kind's audience names (committee.registry: the same
    answer the decision email reads), except the reviewer."""
    from committee.models import ReviewDecision
    from committee.registry import kind_of

    decision = ReviewDecision.objects.select_related("request").filter(pk=decision_id).first()
    if decision is None:
        return 0
    request = decision.request
    subject = request.subject
    audience = kind_of(request.kind).audience(subject) if subject is not None else None
    if audience is None:
        logger.info("notifications: no audience for decisions on %r", request.kind)
        return 0
    approved = decision.outcome == ReviewDecision.Outcome.APPROVE
    title_of = _decision_titles(request.kind, approved)
    comment = decision.comment
    message = Message(
        kind=_decision_notice_kind(request.kind),
        title=lambda: title_of() % {"title": audience.name},
        body=lambda: comment,
        url=audience.url,
    )
    return notify(
        f"decision:{decision.pk}", [(audience.notified, message)], actor_id=decision.reviewer_id
    )


def document_added(document_id: int) -> int:
    from documents.models import Document
    from documents.rules import group_members_seeing

    document = Document.objects.select_related("group").filter(pk=document_id).first()
    if document is None or document.group_id is None:
        return 0  # the library outside groups is the digest's and the search's
    group = document.group
    message = Message(
        kind=Notification.Kind.DOCUMENT_ADDED,
        title=lambda: (
            _("Document added to %(group)s: %(title)s")
            % {"group": group.local_name, "title": document.title}
        ),
        body=lambda: document.description[:300],
        url=document.get_absolute_url(),
    )
    return notify(
        f"document:{document.pk}",
        [(group_members_seeing(document), message)],
        actor_id=document.uploaded_by_id,
    )


def action_item_assigned(item_id: int) -> int:
    from meetings import rules as meeting_rules
    from meetings.models import ActionItem

    item = (
        ActionItem.objects.select_related("meeting__group", "assignee_organisation")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        return 0
    meeting = item.meeting
    if item.assignee_user_id:
        users = active_users().filter(pk=item.assignee_user_id)

        def title():
            return _("Action item for you: %(title)s") % {"title": item.title}
    elif item.assignee_organisation_id:
        users = active_users().filter(working_for([item.assignee_organisation_id]))
        organisation = item.assignee_organisation.local_name

        def title():
            return _("Action item for %(organisation)s: %(title)s") % {
                "organisation": organisation,
                "title": item.title,
            }
    else:
        return 0
    users = users.filter(meeting_rules.audience(meeting) | Q(is_superuser=True))

    def body():
        return _("Due %(date)s — %(meeting)s") % {
            "date": date_format(item.due_on, "DATE_FORMAT"),
            "meeting": meeting.title,
        }

    message = Message(
        kind=Notification.Kind.ACTION_ITEM_ASSIGNED,
        title=title,
        body=body,
        url=meeting.get_absolute_url(),
    )
    return notify(f"action-item:{item.pk}", [(users, message)], actor_id=item.created_by_id)


def application_submitted(application_id: int) -> int:
    from stakeholders.models import MembershipApplication
    from stakeholders.rules import deciders_of

    application = (
        MembershipApplication.objects.select_related("country", "stakeholder_type")
        .filter(pk=application_id, status=MembershipApplication.Status.PENDING)
        .first()
    )
    if application is None:
        return 0  # decided or withdrawn before the task ran: nothing to ask for
    message = Message(
        kind=Notification.Kind.APPLICATION_SUBMITTED,
        title=lambda: _("Membership application to decide: %(name)s") % {"name": application.name},
        body=lambda: f"{application.country} · {application.stakeholder_type}",
        url=application.get_absolute_url(),
    )
    return notify(
        f"application:{application.pk}",
        [(deciders_of(application), message)],
        actor_id=application.applicant_id,
    )


def application_resubmitted(round_id: int) -> int:
    """The applicant answered a question: whoever may decide is told (an
    "awaits your decision" alert, like a new application)."""
    from stakeholders.models import ApplicationRound, MembershipApplication
    from stakeholders.rules import deciders_of

    round_ = (
        ApplicationRound.objects.select_related("application")
        .filter(pk=round_id, answered_at__isnull=False)
        .first()
    )
    if round_ is None or round_.application.status != MembershipApplication.Status.PENDING:
        return 0  # decided, or asked again, before the task ran
    application = round_.application
    answer = round_.answer
    message = Message(
        kind=Notification.Kind.APPLICATION_RESUBMITTED,
        title=lambda: (
            _("Application answered, awaiting your decision: %(name)s") % {"name": application.name}
        ),
        body=lambda: answer[:300],
        url=application.get_absolute_url(),
    )
    return notify(
        f"application-round:{round_.pk}",
        [(deciders_of(application), message)],
        actor_id=application.applicant_id,
    )


def join_requested(join_request_id: int) -> int:
    """A request to join a group: its leads and co-chairs are told."""
    from workinggroups.models import JoinRequest
    from workinggroups.rules import join_request_deciders

    join_request = (
        JoinRequest.objects.select_related("group", "user", "organisation")
        .filter(pk=join_request_id, status=JoinRequest.Status.PENDING)
        .first()
    )
    if join_request is None:
        return 0  # decided or withdrawn before the task ran
    group = join_request.group
    who = join_request.user.full_name or join_request.user.email
    organisation = join_request.organisation.name
    text = join_request.message
    message = Message(
        kind=Notification.Kind.JOIN_REQUESTED,
        title=lambda: (
            _("Request to join %(group)s: %(name)s, %(organisation)s")
            % {"group": group.name, "name": who, "organisation": organisation}
        ),
        body=lambda: text[:300],
        url=group.get_absolute_url() + "#join-requests",
    )
    return notify(
        f"join-request:{join_request.pk}",
        [(join_request_deciders(group), message)],
        actor_id=join_request.user_id,
    )


def substitute_named(invitation_id: int) -> int:
    """Someone sends a colleague to a meeting in their place: the colleague
    is told (once per invitation and substitute)."""
    from meetings.models import Invitation

    invitation = (
        Invitation.objects.select_related("meeting", "user", "substitute")
        .filter(pk=invitation_id, substitute__isnull=False)
        .first()
    )
    if invitation is None:
        return 0  # no longer a substitute
    meeting = invitation.meeting
    if meeting.is_cancelled or meeting.has_started():
        return 0
    who = invitation.user.full_name or invitation.user.email

    where = meeting.location_text

    def body():
        return where

    message = Message(
        kind=Notification.Kind.SUBSTITUTE_NAMED,
        title=lambda: (
            _("You go in %(name)s's place: %(meeting)s") % {"name": who, "meeting": meeting.title}
        ),
        body=body,
        url=meeting.get_absolute_url(),
    )
    return notify(
        f"substitute:{invitation.pk}:{invitation.substitute_id}",
        [(active_users().filter(pk=invitation.substitute_id), message)],
        actor_id=invitation.user_id,
    )


EVENTS: dict[str, Callable[[int], int]] = {
    "workplan_submitted": workplan_submitted,
    "report_submitted": report_submitted,
    "activity_proposed": activity_proposed,
    "review_decided": review_decided,
    "review_commented": review_commented,
    "document_added": document_added,
    "action_item_assigned": action_item_assigned,
    "application_submitted": application_submitted,
    "application_resubmitted": application_resubmitted,
    "join_requested": join_requested,
    "substitute_named": substitute_named,
}


def fan_out(event: str, object_id: int) -> int:
    """Make the notifications of one event; returns how many were written
    (0 also when the object is gone)."""
    return EVENTS[event](object_id)
