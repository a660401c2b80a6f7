"""Demo data for meetings: an upcoming meeting with an agenda in every working
group, a committee meeting, public events (the Tiger Festival, a webinar),
one past meeting of the joint survey and monitoring group with minutes
and open action items, and a guest without an account invited to that
group's next meeting.

Idempotent: every meeting has a fixed UID derived from its key, so a second
run finds it and changes nothing. Dates are relative to the day of the first
run. Call it after the stakeholders, working-groups and documents demo data.
"""

import datetime
import uuid
import zoneinfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.sanitize import clean_minutes
from stakeholders.models import Organisation
from workinggroups.models import GroupMembership, GroupRole, WorkingGroup

from . import services
from .models import ActionItem, AgendaItem, GuestInvitation, Invitation, Meeting, VenueTimeZone

NAMESPACE = uuid.UUID("4f1b7a52-3c1e-4d1e-9a57-7d1c2b6a0e11")

VLADIVOSTOK = (
    VenueTimeZone.VLADIVOSTOK,
    "Land of the Leopard National Park, Vladivostok office, 9 Radio Street, Vladivostok",
)
HUNCHUN = (VenueTimeZone.BEIJING, "Hunchun Nature Reserve visitor centre, Hunchun, Jilin")

# group slug -> (venue, weeks ahead, local start hour, agenda)
GROUP_MEETINGS = {
    "joint-survey-monitoring": (
        VLADIVOSTOK,
        3,
        14,
        [
            ("Results of the winter snow-track survey", "Land of the Leopard", 30),
            ("A common camera-trap protocol for the border area", "Feline Research Center", 45),
            ("Data sharing on the platform: what and when", "", 30),
        ],
    ),
    "anti-poaching": (
        HUNCHUN,
        2,
        10,
        [
            ("Snare-removal results since the last meeting", "", 30),
            ("Joint patrol plan for the border forests", "", 45),
            ("Training for new rangers", "", 30),
        ],
    ),
    "policy-enforcement": (
        VLADIVOSTOK,
        4,
        10,
        [
            ("Cross-border enforcement: cases of the year", "", 40),
            ("Proposal for a tiger and leopard expert group", "", 40),
        ],
    ),
    "protected-area-capacity": (
        HUNCHUN,
        5,
        9,
        [
            ("Exchange visits between reserves: the next round", "", 45),
            ("Common management goals: draft", "", 45),
        ],
    ),
    "public-awareness": (
        HUNCHUN,
        2,
        15,
        [
            ("Tiger Festival: programme and volunteers", "", 45),
            ("Youth summer camp: dates and places", "", 30),
        ],
    ),
    "ecological-corridors": (
        VLADIVOSTOK,
        3,
        11,
        [
            ("Corridor maps: the joint investigation", "", 45),
            ("Road crossings and fences", "", 30),
        ],
    ),
    "jilin-primorye": (
        HUNCHUN,
        4,
        10,
        [
            ("The 2010 Jilin–Primorye agreement: what is done", "", 40),
            ("Next year's joint work", "", 40),
        ],
    ),
    "leopard-survey": (
        VLADIVOSTOK,
        5,
        10,
        [
            ("Leopard count: methods for both sides of the border", "", 45),
            ("Photo identification catalogue", "", 30),
        ],
    ),
    "camera-trapping": (
        HUNCHUN,
        3,
        9,
        [
            ("Camera-trap protocols compared", "", 45),
            ("Shared photo identification", "", 30),
        ],
    ),
}

PAST_MINUTES = """<h3>Present</h3>
<p>Members from the Feline Research Center, Land of the Leopard National Park and WWF.</p>
<h3>Decisions</h3>
<ul>
<li>The winter snow-track survey uses the same transects on both sides of the border.</li>
<li>Camera-trap photos are shared on the data platform within a month.</li>
</ul>
<h3>Next steps</h3>
<p>See the action items below.</p>"""


def _uid(key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, key)


def _at(day: datetime.date, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=zoneinfo.ZoneInfo(zone))


def _lead_of(group):
    membership = (
        GroupMembership.objects.filter(group=group, role=GroupRole.LEAD)
        .select_related("user")
        .order_by("joined_at")
        .first()
    )
    return membership.user if membership else None


def _create(key: str, *, agenda=(), **fields) -> Meeting | None:
    """Create the meeting unless it exists; None when it already did."""
    uid = _uid(key)
    if Meeting.objects.filter(uid=uid).exists():
        return None
    meeting = services.meeting_create(uid=uid, **fields)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=position,
            title=title,
            presenter=presenter,
            duration_minutes=minutes,
        )
        for position, (title, presenter, minutes) in enumerate(agenda)
    )
    return meeting


def _attach_group_document(meeting: Meeting) -> None:
    document = meeting.group.documents.order_by("pk").first() if meeting.group_id else None
    if document is not None:
        meeting.documents.add(document)


def seed_group_meetings(today: datetime.date):
    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    for slug, ((zone, venue), weeks, hour, agenda) in GROUP_MEETINGS.items():
        group = groups.get(slug)
        if group is None:
            continue
        day = today + datetime.timedelta(weeks=weeks)
        meeting = _create(
            f"group-meeting:{slug}",
            agenda=agenda,
            organiser=_lead_of(group),
            kind=Meeting.Kind.GROUP,
            group=group,
            title=f"{group.name}: working meeting",
            description=f"The regular meeting of the {group.name} working group.",
            starts_at=_at(day, hour, zone),
            ends_at=_at(day, hour + 2, zone),
            time_zone=zone,
            venue=venue,
            online_url="https://meet.example.org/" + slug,
        )
        if meeting is not None:
            _attach_group_document(meeting)


def seed_past_meeting(today: datetime.date):
    """A meeting three weeks ago with minutes and two open action items."""
    group = WorkingGroup.objects.filter(slug="joint-survey-monitoring").first()
    if group is None:
        return
    zone, venue = VLADIVOSTOK
    day = today - datetime.timedelta(weeks=3)
    meeting = _create(
        "past-meeting:joint-survey-monitoring",
        agenda=[
            ("Winter survey transects", "Land of the Leopard", 40),
            ("Camera-trap photo sharing", "Feline Research Center", 40),
        ],
        organiser=_lead_of(group),
        kind=Meeting.Kind.GROUP,
        group=group,
        title="Joint survey and monitoring: winter survey planning",
        description="Planning the joint winter snow-track survey.",
        starts_at=_at(day, 10, zone),
        ends_at=_at(day, 13, zone),
        time_zone=zone,
        venue=venue,
    )
    if meeting is None:
        return
    meeting.minutes = clean_minutes(PAST_MINUTES)
    meeting.minutes_updated_at = meeting.ends_at
    meeting.save(update_fields=["minutes", "minutes_updated_at"])
    meeting.invitations.update(response=Invitation.Response.YES, responded_at=meeting.starts_at)
    member = get_user_model().objects.filter(email="member-monitoring@demo.example").first()
    if member is not None:
        ActionItem.objects.create(
            meeting=meeting,
            title="Send the winter transect maps to both survey teams",
            assignee_user=member,
            due_on=today + datetime.timedelta(days=10),
            created_by=meeting.organiser,
        )
    organisation = Organisation.objects.filter(slug="feline-research-center").first()
    if organisation is not None:
        ActionItem.objects.create(
            meeting=meeting,
            title="Draft the common camera-trap protocol",
            assignee_organisation=organisation,
            due_on=today + datetime.timedelta(days=24),
            created_by=meeting.organiser,
        )


def _secretariat():
    return get_user_model().objects.filter(email="secretariat@demo.example").first()


def seed_committee_meeting(today: datetime.date):
    day = today + datetime.timedelta(weeks=4)
    zone = VenueTimeZone.SEOUL
    _create(
        "committee-meeting:review",
        agenda=[
            ("Work plans submitted by the working groups", "", 60),
            ("Activity reports awaiting review", "", 45),
            ("Terms of the committee seats", "Secretariat", 20),
        ],
        organiser=_secretariat(),
        kind=Meeting.Kind.COMMITTEE,
        title="Coordination committee: review meeting",
        description="The committee reviews the groups' work plans and the activity reports.",
        starts_at=_at(day, 10, zone),
        ends_at=_at(day, 13, zone),
        time_zone=zone,
        venue="UN ESCAP East and North-East Asia Office, Incheon",
        online_url="https://meet.example.org/committee",
    )


def _next_tiger_day(today: datetime.date) -> datetime.date:
    """Global Tiger Day (29 July) far enough ahead to plan for."""
    day = datetime.date(today.year, 7, 29)
    while day < today + datetime.timedelta(weeks=3):
        day = day.replace(year=day.year + 1)
    return day


def seed_public_events(today: datetime.date):
    festival_day = _next_tiger_day(today)
    zone, _venue = HUNCHUN
    _create(
        "public-event:tiger-festival",
        agenda=[
            ("Opening and the year of the tiger in Hunchun", "Hunchun Nature Reserve", 30),
            ("Children's drawing competition", "", 120),
            ("Camera-trap photo exhibition", "Feline Research Center", 90),
        ],
        organiser=_secretariat(),
        kind=Meeting.Kind.PUBLIC,
        group=WorkingGroup.objects.filter(slug="public-awareness").first(),
        title=f"Tiger Festival {festival_day.year}",
        description=(
            "A day of conservation education for families in Hunchun: exhibitions, "
            "talks by rangers and scientists, and a drawing competition."
        ),
        starts_at=_at(festival_day, 9, zone),
        ends_at=_at(festival_day, 17, zone),
        time_zone=zone,
        venue="Hunchun city square, Hunchun, Jilin",
        capacity=500,
    )
    day = today + datetime.timedelta(weeks=3)
    _create(
        "public-event:webinar",
        agenda=[
            ("Living with tigers and leopards: what villages can do", "WWF", 40),
            ("Questions and answers", "", 20),
        ],
        organiser=_secretariat(),
        kind=Meeting.Kind.PUBLIC,
        title="Public webinar: living next to tigers and leopards",
        description="An open webinar in English with Chinese and Russian interpretation.",
        starts_at=_at(day, 8, "UTC"),
        ends_at=_at(day, 9, "UTC"),
        time_zone=VenueTimeZone.ONLINE,
        online_url="https://meet.example.org/tiger-leopard-webinar",
        capacity=300,
    )


# An expert without an account, invited to the monitoring group's meeting by
# email: her answer link is in the invitation mail (meetings/guestlinks.py).
DEMO_GUEST = {
    "email": "sun.mei@nefu.example.org",
    "name": "Sun Mei",
    "organisation_name": "Northeast Forestry University",
    "language": "zh-hans",
}


def seed_guest() -> GuestInvitation | None:
    meeting = Meeting.objects.filter(uid=_uid("group-meeting:joint-survey-monitoring")).first()
    if meeting is None:
        return None
    guest, _created = GuestInvitation.objects.get_or_create(
        meeting=meeting,
        email=DEMO_GUEST["email"],
        defaults={**DEMO_GUEST, "invited_by": meeting.organiser},
    )
    return guest


@transaction.atomic
def seed(*, password, with_accounts):
    """`password` is unused (meetings create no accounts); invitations,
    organisers and the person-assigned action item need the demo accounts."""
    today = timezone.localdate()
    seed_group_meetings(today)
    seed_past_meeting(today)
    seed_committee_meeting(today)
    seed_public_events(today)
    seed_guest()
