"""`{{ value|datetime_attr }}`: the machine-readable moment of a <time
datetime="…"> attribute, in one form everywhere: UTC, to the second
(`2026-12-04T16:42:23Z`). HTML allows at most three digits of a second, and
`|date:'c'` writes six."""

import datetime

from django import template

register = template.Library()


def datetime_attr_value(value) -> str:
    """An aware datetime as UTC to the second; a date as YYYY-MM-DD."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("a <time datetime> needs an aware datetime")
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.filter
def datetime_attr(value) -> str:
    return datetime_attr_value(value) if value else ""
