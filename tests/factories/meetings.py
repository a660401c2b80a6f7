"""Factories for meetings, their invitations and action items."""

import datetime
import zoneinfo

import factory
from django.utils import timezone

from meetings.models import (
    ActionItem,
    AgendaItem,
    GuestInvitation,
    Invitation,
    Meeting,
    VenueTimeZone,
)

from . import UserFactory
from .workinggroups import WorkingGroupFactory

VLADIVOSTOK = zoneinfo.ZoneInfo("Asia/Vladivostok")


def in_days(days: int, hour: int = 14, zone=VLADIVOSTOK) -> datetime.datetime:
    """`hour` o'clock (in `zone`) `days` from today."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zone)


class MeetingFactory(factory.django.DjangoModelFactory):
    """A group meeting in Vladivostok two weeks ahead, 14:00–16:00 local."""

    class Meta:
        model = Meeting

    kind = Meeting.Kind.GROUP
    group = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == Meeting.Kind.GROUP),
        yes_declaration=factory.SubFactory(WorkingGroupFactory),
        no_declaration=None,
    )
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    time_zone = VenueTimeZone.VLADIVOSTOK
    venue = "Land of the Leopard National Park office, Vladivostok"


class PublicEventFactory(MeetingFactory):
    kind = Meeting.Kind.PUBLIC
    title = factory.Sequence(lambda n: f"Public event {n}")


class CommitteeMeetingFactory(MeetingFactory):
    kind = Meeting.Kind.COMMITTEE
    title = factory.Sequence(lambda n: f"Committee meeting {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    # a substitute with an account is named by their address
    substitute_email = factory.LazyAttribute(
        lambda invitation: (
            invitation.substitute.email if getattr(invitation, "substitute", None) else ""
        )
    )


class GuestInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestInvitation

    meeting = factory.SubFactory(MeetingFactory)
    email = factory.Sequence(lambda n: f"guest{n}@partner.example")
    name = factory.Sequence(lambda n: f"Guest {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    assignee_user = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
