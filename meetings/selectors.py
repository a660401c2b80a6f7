"""Reads for meetings: what a user may see, upcoming events, open action items.

Protected meetings are fetched only through `access_meeting`: a missing
meeting and a forbidden one answer the same 404. List selectors return one
query whatever the number of meetings (related rows joined or prefetched,
counts annotated).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from guardian.shortcuts import get_objects_for_user

from common.authz import roles_of
from stakeholders.models import Organisation, Person

from . import rules
from .models import ActionItem, AgendaItem, CalendarFeed, GuestInvitation, Invitation, Meeting

# Feeds reach back this far, so a calendar keeps recent meetings.
FEED_PAST_DAYS = 90
FEED_LIMIT = 500


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _visibility(user) -> Q | None:
    """The "who sees a meeting" rule as a filter (`rules.visible_to`); None
    means every meeting."""
    return rules.visible_to(user)


def _with_counts(queryset: QuerySet[Meeting], user) -> QuerySet[Meeting]:
    """Group joined, attendance counted and the user's own answer attached."""
    queryset = queryset.select_related("group").annotate(
        attending_count=Count(
            "invitations", filter=Q(invitations__response__in=Invitation.ATTENDING)
        )
    )
    if _signed_in(user):
        queryset = queryset.annotate(
            my_response=Subquery(
                Invitation.objects.filter(meeting=OuterRef("pk"), user=user)
                .order_by()
                .values("response")[:1]
            )
        )
    return queryset


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """Every meeting the user may see, annotated for lists (one query)."""
    visible = _visibility(user)
    queryset = Meeting.objects.all() if visible is None else Meeting.objects.filter(visible)
    return _with_counts(queryset, user)


def can_see(user, meeting: Meeting) -> bool:
    """Public events for everyone, the rest by the view rule."""
    return meeting.kind == Meeting.Kind.PUBLIC or (
        _signed_in(user) and user.has_perm("meetings.view_meeting", meeting)
    )


def access_meeting(user, pk: int) -> Meeting:
    """The meeting if the user may see it; 404 otherwise (also if missing)."""
    # No counts joined in: the page asks `attendance` for them, in its
    # content block (a grouped join costs more to plan than to run).
    meeting = Meeting.objects.select_related("group", "organiser").filter(pk=pk).first()
    if meeting is None or not can_see(user, meeting):
        raise Http404
    return meeting


def upcoming(queryset: QuerySet[Meeting], now=None) -> QuerySet[Meeting]:
    """Not over yet, soonest first."""
    return queryset.filter(ends_at__gt=now or timezone.now()).order_by("starts_at", "pk")


def past(queryset: QuerySet[Meeting], now=None) -> QuerySet[Meeting]:
    return queryset.filter(ends_at__lte=now or timezone.now()).order_by("-starts_at", "-pk")


def upcoming_committee_meetings(user) -> QuerySet[Meeting]:
    """The committee's coming meetings the user may see (members see them
    all): a section of the committee's page."""
    return upcoming(meetings_visible_to(user).filter(kind=Meeting.Kind.COMMITTEE))[:10]


def upcoming_meetings_for_group(user, group) -> QuerySet[Meeting]:
    """The group's coming meetings that the user may see (for the group page)."""
    return upcoming(meetings_visible_to(user).filter(group=group))


def upcoming_meetings_for_user(user) -> QuerySet[Meeting]:
    """Coming meetings the user is invited to or substitutes at (for the dashboard)."""
    if not _signed_in(user):
        return Meeting.objects.none()
    invited = Exists(
        Invitation.objects.filter(meeting=OuterRef("pk")).filter(Q(user=user) | Q(substitute=user))
    )
    return upcoming(_with_counts(Meeting.objects.filter(invited), user))


def public_events() -> QuerySet[Meeting]:
    return _with_counts(Meeting.objects.filter(kind=Meeting.Kind.PUBLIC), None)


def upcoming_public_events() -> QuerySet[Meeting]:
    return upcoming(public_events())


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.order_by("position", "pk")


def invitations_of(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("user", "substitute").order_by(
        "user__full_name", "user__email"
    )


def attendance(meeting: Meeting) -> dict[str, int]:
    """How many gave each answer, members and guests together (two queries).
    A substitute guest is not counted: the answer "sending a substitute" of
    the person they replace holds the seat."""
    counts = dict.fromkeys(Invitation.Response.values, 0)
    for row in meeting.invitations.order_by().values("response").annotate(n=Count("pk")):
        counts[row["response"]] = row["n"]
    for row in (
        meeting.guests.filter(substitute_for__isnull=True)
        .order_by()
        .values("response")
        .annotate(n=Count("pk"))
    ):
        counts[row["response"]] += row["n"]
    counts["attending"] = sum(counts[value] for value in Invitation.ATTENDING)
    return counts


def attending_count(meeting: Meeting, *, except_invitation=None, except_guest=None) -> int:
    """Seats taken: members who attend or send a substitute, and guests who
    attend (not counting substitutes, nor the answer being changed)."""
    members = meeting.invitations.filter(response__in=Invitation.ATTENDING)
    if except_invitation is not None:
        members = members.exclude(pk=except_invitation.pk)
    guests = meeting.guests.filter(
        response=GuestInvitation.Response.YES, substitute_for__isnull=True
    )
    if except_guest is not None:
        guests = guests.exclude(pk=except_guest.pk)
    return members.count() + guests.count()


def guests_of(meeting: Meeting) -> QuerySet[GuestInvitation]:
    return meeting.guests.select_related("substitute_for__user").order_by("name", "email")


def invitation_of(user, meeting: Meeting) -> Invitation | None:
    if not _signed_in(user):
        return None
    return (
        Invitation.objects.filter(meeting=meeting, user=user).select_related("substitute").first()
    )


def organisations_of(user) -> QuerySet[Organisation]:
    """The active member organisations the user works for."""
    return Organisation.objects.filter(
        people__user=user, status=Organisation.Status.ACTIVE
    ).distinct()


def colleagues_of(user) -> QuerySet:
    """People with an account at one of the user's active organisations: who
    may go to a meeting in their place."""
    User = get_user_model()
    if not _signed_in(user):
        return User.objects.none()
    shared = Person.objects.filter(
        user=OuterRef("pk"),
        organisation__in=Person.objects.filter(
            user=user, organisation__status=Organisation.Status.ACTIVE
        ).values("organisation"),
    )
    return (
        User.objects.filter(Exists(shared), is_active=True)
        .exclude(pk=user.pk)
        .order_by("full_name", "email")
    )


# --- Action items ---------------------------------------------------------------


def _action_items() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "meeting", "meeting__group", "assignee_user", "assignee_organisation", "assignee_guest"
    ).order_by("due_on", "pk")


def open_action_items_for_group(group) -> QuerySet[ActionItem]:
    """Open action items from the group's meetings. They come from minutes:
    show them to those who see the group's meetings (view_private)."""
    return _action_items().filter(status=ActionItem.Status.OPEN, meeting__group=group)


def open_action_items_for_user(user) -> QuerySet[ActionItem]:
    """Open action items assigned to the user or to an organisation they work for."""
    if not _signed_in(user):
        return ActionItem.objects.none()
    organisations = Person.objects.filter(
        user=user, organisation__status=Organisation.Status.ACTIVE
    ).values("organisation")
    return _action_items().filter(
        Q(assignee_user=user) | Q(assignee_organisation__in=organisations),
        status=ActionItem.Status.OPEN,
    )


def action_items_of(meeting: Meeting) -> QuerySet[ActionItem]:
    return meeting.action_items.select_related(
        "assignee_user", "assignee_organisation", "assignee_guest", "closed_by"
    ).order_by("status", "due_on", "pk")


def access_action_item(user, pk: int) -> ActionItem:
    """The action item if the user may see its meeting or may close it (an
    assignee's colleagues need not see the meeting); 404 otherwise."""
    item = ActionItem.objects.select_related("meeting", "meeting__group").filter(pk=pk).first()
    if item is None or not (
        can_see(user, item.meeting)
        or (_signed_in(user) and user.has_perm("meetings.close_action_item", item))
    ):
        raise Http404
    return item


# --- Calendar feeds ----------------------------------------------------------------


def _for_feed(queryset: QuerySet[Meeting], now=None) -> QuerySet[Meeting]:
    since = (now or timezone.now()) - datetime.timedelta(days=FEED_PAST_DAYS)
    return (
        queryset.filter(ends_at__gte=since)
        .select_related("group")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk"))
        )
        .order_by("starts_at", "pk")[:FEED_LIMIT]
    )


def public_feed_meetings() -> QuerySet[Meeting]:
    return _for_feed(Meeting.objects.filter(kind=Meeting.Kind.PUBLIC))


def personal_feed_meetings(user) -> QuerySet[Meeting]:
    """The meetings the user is invited to (or substitutes at), cancelled ones
    included so that calendars drop them."""
    invited = Exists(
        Invitation.objects.filter(meeting=OuterRef("pk")).filter(Q(user=user) | Q(substitute=user))
    )
    return _for_feed(Meeting.objects.filter(invited))


def feed_by_token(token: str) -> CalendarFeed:
    """The feed behind a secret address; 404 for unknown or retired tokens."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed


# --- Scheduling --------------------------------------------------------------------


def schedulable_groups(user) -> QuerySet:
    """Open groups whose meetings the user may schedule."""
    from workinggroups.models import WorkingGroup

    groups = WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED).order_by("name")
    if not _signed_in(user):
        return groups.none()
    if user.is_superuser or roles_of(user).is_secretariat:
        return groups
    granted = get_objects_for_user(
        user,
        "workinggroups.schedule_meeting",
        klass=WorkingGroup,
        accept_global_perms=False,
        with_superuser=False,
    ).values("pk")
    return groups.filter(pk__in=granted)


def schedulable_kinds(user) -> list[str]:
    """What the user may schedule: their groups' meetings and events, and
    (the secretariat) committee meetings and the partnership's events."""
    kinds = []
    if schedulable_groups(user).exists():
        kinds += [Meeting.Kind.GROUP, Meeting.Kind.PUBLIC]
    if _signed_in(user) and user.has_perm("meetings.add_meeting"):
        kinds += [Meeting.Kind.COMMITTEE]
        if Meeting.Kind.PUBLIC not in kinds:
            kinds.append(Meeting.Kind.PUBLIC)
    return kinds
