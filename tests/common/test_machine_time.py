"""`|datetime_attr`: the one form of a <time datetime> value."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from common.templatetags.machine_time import datetime_attr_value


def test_an_aware_moment_is_utc_to_the_second():
    moment = datetime.datetime(
        2026, 12, 5, 1, 42, 23, 801661, tzinfo=zoneinfo.ZoneInfo("Asia/Vladivostok")
    )
    assert datetime_attr_value(moment) == "2026-12-04T15:42:23Z"


def test_a_date_is_the_day():
    assert datetime_attr_value(datetime.date(2026, 12, 4)) == "2026-12-04"


def test_a_naive_moment_is_a_bug():
    with pytest.raises(ValueError):
        datetime_attr_value(datetime.datetime(2026, 12, 4, 16, 42))


def test_the_filter_in_a_template():
    template = Template('{% load machine_time %}<time datetime="{{ when|datetime_attr }}">')
    moment = datetime.datetime(2026, 12, 4, 16, 42, 23, 801661, tzinfo=datetime.UTC)
    assert template.render(Context({"when": moment})) == '<time datetime="2026-12-04T16:42:23Z">'
    assert template.render(Context({"when": None})) == '<time datetime="">'
