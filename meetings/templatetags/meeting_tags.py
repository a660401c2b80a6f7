"""Meeting times in the venue's zone and in the viewer's, side by side:
"14:00–16:00 Vladivostok time (12:00–14:00 your time, Beijing)"."""

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.safestring import mark_safe

from common.sanitize import clean_minutes
from common.templatetags.machine_time import datetime_attr_value

from ..models import VenueTimeZone

register = template.Library()


def zone_label(key: str) -> str:
    """A short, human name for a time zone."""
    if key == "UTC":
        return "UTC"
    if key in VenueTimeZone.values:
        return str(VenueTimeZone(key).label)
    labels = {name: str(label) for name, label in settings.PORTAL_TIME_ZONES}
    return labels.get(key, key)


def time_range(start, end) -> str:
    """Start and end in their own (already converted) zone."""
    start_day, end_day = date_format(start, "DATE_FORMAT"), date_format(end, "DATE_FORMAT")
    start_time, end_time = time_format(start, "H:i"), time_format(end, "H:i")
    if start.date() == end.date():
        return f"{start_day}, {start_time}–{end_time}"
    return f"{start_day} {start_time} – {end_day} {end_time}"


def _utc_iso(instant) -> str:
    return datetime_attr_value(instant)


def when(meeting, viewer_zone=None) -> dict:
    viewer_zone = viewer_zone or timezone.get_current_timezone()
    venue_zone = meeting.zoneinfo
    viewer_key = getattr(viewer_zone, "key", str(viewer_zone))
    return {
        "start_iso": _utc_iso(meeting.starts_at),
        "end_iso": _utc_iso(meeting.ends_at),
        "venue_text": time_range(
            timezone.localtime(meeting.starts_at, venue_zone),
            timezone.localtime(meeting.ends_at, venue_zone),
        ),
        "venue_label": zone_label(meeting.time_zone),
        "venue_is_utc": meeting.time_zone == "UTC",
        "viewer_text": time_range(
            timezone.localtime(meeting.starts_at, viewer_zone),
            timezone.localtime(meeting.ends_at, viewer_zone),
        ),
        "viewer_label": zone_label(viewer_key),
        "same_zone": viewer_key == meeting.time_zone,
    }


@register.inclusion_tag("meetings/_when.html", takes_context=True)
def meeting_when(context, meeting):
    """Render a meeting's time at the venue and for the viewer."""
    user = context.get("user")
    data = when(meeting)
    data["signed_in"] = bool(user is not None and user.is_authenticated)
    return data


@register.filter
def minutes_html(value):
    """Minutes are sanitised when saved; sanitise again on the way out, so
    nothing that bypassed the service can run in a reader's browser."""
    return mark_safe(clean_minutes(value))  # noqa: S308 - nh3 has just sanitised it


@register.simple_tag(takes_context=True)
def may_close_action_item(context, item) -> bool:
    user = context.get("user")
    return bool(
        user is not None
        and user.is_authenticated
        and item.is_open
        and user.has_perm("meetings.close_action_item", item)
    )


@register.simple_tag(takes_context=True)
def may_schedule_for(context, group) -> bool:
    from ..rules import may_schedule_for

    return group is not None and may_schedule_for(context.get("user"), group)


@register.simple_tag(takes_context=True)
def may_see_meeting(context, meeting) -> bool:
    from ..selectors import can_see

    return can_see(context.get("user"), meeting)
