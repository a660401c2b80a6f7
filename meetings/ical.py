"""iCalendar (RFC 5545) for meetings, written with the `icalendar` library.

Times are written in UTC (`DTSTART:20270714T040000Z`): every calendar program
reads them right and no VTIMEZONE is needed; the venue's zone is named in the
description. The UID is the meeting's own and never changes; SEQUENCE is the
meeting's change counter. A cancelled meeting on its own is sent as
METHOD:CANCEL; in a feed it stays, marked STATUS:CANCELLED, so subscribed
calendars drop it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Alarm, Calendar, Event

from .models import Meeting

PRODID = "-//NEASPEC Partnership for Tiger and Leopard Conservation//Partnership Portal//EN"
UID_DOMAIN = "partnership-portal"
REMINDER_BEFORE = datetime.timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def event_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _description(meeting: Meeting) -> str:
    local_start = timezone.localtime(meeting.starts_at, meeting.zoneinfo)
    lines = []
    if meeting.is_cancelled:
        lines.append(
            "CANCELLED"
            + (f": {meeting.cancellation_reason}" if meeting.cancellation_reason else "")
        )
    if meeting.description:
        lines.append(meeting.description)
    lines.append(
        f"Local time at the venue ({meeting.time_zone}): "
        f"{date_format(local_start, 'Y-m-d H:i', use_l10n=False)}"
    )
    if meeting.online_url:
        lines.append(f"Online: {meeting.online_url}")
    agenda = list(meeting.agenda_items.all())
    if agenda:
        lines.append("Agenda:")
        lines.extend(
            f"{number}. {item.title}" + (f" ({item.presenter})" if item.presenter else "")
            for number, item in enumerate(agenda, start=1)
        )
    lines.append(absolute_url(meeting.get_absolute_url()))
    return "\n".join(lines)


def meeting_event(meeting: Meeting, *, now: datetime.datetime | None = None) -> Event:
    """One VEVENT, with a display reminder an hour before."""
    utc = datetime.UTC
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", (now or timezone.now()).astimezone(utc))
    event.add("created", meeting.created_at.astimezone(utc))
    event.add("last-modified", meeting.updated_at.astimezone(utc))
    event.add("dtstart", meeting.starts_at.astimezone(utc))
    event.add("dtend", meeting.ends_at.astimezone(utc))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    event.add("description", _description(meeting))
    event.add("location", meeting.venue or meeting.online_url)
    event.add("url", absolute_url(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("class", "PUBLIC" if meeting.is_public else "PRIVATE")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if address:
        event.add("organizer", f"mailto:{address}", parameters={"CN": name or "Partnership Portal"})
    if not meeting.is_cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", meeting.title)
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
    return event


def _calendar(method: str, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add(
            "refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"}
        )
        calendar.add("x-published-ttl", "PT1H")
    return calendar


def meeting_ics(meeting: Meeting) -> bytes:
    """A single meeting: METHOD:PUBLISH, or METHOD:CANCEL once it is cancelled."""
    calendar = _calendar("CANCEL" if meeting.is_cancelled else "PUBLISH")
    calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


# An invitee's answer on the portal as an iCalendar participation status.
PARTSTAT = {
    "yes": "ACCEPTED",
    "no": "DECLINED",
    "maybe": "TENTATIVE",
    "substitute": "DELEGATED",
}


def imip_method(meeting: Meeting) -> str:
    return "CANCEL" if meeting.is_cancelled else "REQUEST"


def imip_ics(meeting: Meeting, *, attendee, response: str | None = None) -> tuple[str, bytes]:
    """An iMIP message (RFC 6047) for one invitee: METHOD:REQUEST for an
    invitation or a change (the same UID, SEQUENCE the meeting's change
    counter), METHOD:CANCEL once the meeting is cancelled. ORGANIZER is the
    portal's sender address; the invitee is the one ATTENDEE, with their
    answer so far as PARTSTAT and RSVP=FALSE: answers are given on the
    portal, whose link the description carries. Returns (method, bytes)."""
    method = imip_method(meeting)
    calendar = _calendar(method)
    event = meeting_event(meeting)
    if "organizer" not in event:
        event.add("organizer", "mailto:portal@localhost", parameters={"CN": "Partnership Portal"})
    name = " ".join((getattr(attendee, "full_name", "") or "").split()) or attendee.email
    event.add(
        "attendee",
        f"mailto:{attendee.email}",
        parameters={
            "CN": name,
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": PARTSTAT.get(response or "", "NEEDS-ACTION"),
            "RSVP": "FALSE",
        },
    )
    calendar.add_component(event)
    return method, calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], *, name: str) -> bytes:
    """A subscribable feed of many meetings (prefetch their agenda items)."""
    calendar = _calendar("PUBLISH", name)
    now = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, now=now))
    return calendar.to_ical()
