"""Numbers without trailing zeros, grouped in the reader's language; open
ranges worded ("from 120"), never "120–"; a lower bound as "over 120"
(common/numbers.py and the `number` filter that pages use)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common.numbers import format_lower_bound, format_number, format_range, is_lower_bound

LANGUAGES = ["en", "zh-hans", "ru", "ko", "ja", "mn"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("120.00"), "120"),
        (Decimal("12.50"), "12.5"),
        (Decimal("1250.50"), "1,250.5"),
        (Decimal("1250.00"), "1,250"),
        (Decimal("10627"), "10,627"),
        (12345678, "12,345,678"),
        (0.1 + 0.2, "0.3"),
        (Decimal("5.5"), "5.5"),
        (Decimal("1.005"), "1.01"),  # two places at most, rounded half up
        (Decimal("-0.001"), "0"),  # never "-0"
        (Decimal("-1250.5"), "-1,250.5"),
        (Decimal("1E+3"), "1,000"),
        (None, ""),
    ],
)
def test_a_number_has_no_trailing_zeros_and_is_grouped(value, expected):
    with translation.override("en"):
        assert format_number(value) == expected


def test_places_limit_the_decimals():
    with translation.override("en"):
        assert format_number(Decimal("1000.25"), 1) == "1,000.3"
        assert format_number(Decimal("1000.04"), 1) == "1,000"
        assert format_number(Decimal("1.23456"), 5) == "1.23456"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,250.5"),
        ("zh-hans", "1,250.5"),
        ("ru", "1\xa0250,5"),
        ("ko", "1,250.5"),
        ("ja", "1,250.5"),
        ("mn", "1,250.5"),
    ],
)
def test_separators_follow_the_language(language, expected):
    with translation.override(language):
        assert format_number(Decimal("1250.50")) == expected
        assert format_number(Decimal("120.00")) == "120"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_number_filter_is_the_same_formatter(language):
    template = Template(
        "{% load portal_format %}{{ a|number }}|{{ b|number }}|{{ c|number:1 }}|{{ d|number }}|"
        "{{ e|number }}"
    )
    context = Context(
        {"a": Decimal("120.00"), "b": 1234567, "c": Decimal("1000.5"), "d": None, "e": "n/a"}
    )
    with translation.override(language):
        rendered = template.render(context)
        expected = "|".join(
            [
                format_number(Decimal(120)),
                format_number(1234567),
                format_number(Decimal("1000.5"), 1),
                "",
                "n/a",
            ]
        )
    assert rendered == expected
    assert rendered.split("|")[0] == "120"  # not "120.00"


def test_ranges_are_worded_in_english():
    with translation.override("en"):
        assert format_range(Decimal("120.0"), Decimal("150.0")) == "120–150"
        assert format_range(Decimal("120.0"), None) == "from 120"
        assert format_range(None, Decimal("150.0")) == "up to 150"
        assert format_range(Decimal("120"), Decimal("120.00")) == "120"
        assert format_range(None, None) == ""
        assert format_range(Decimal(0), None) == "from 0"  # zero is a bound, not a missing one
        assert format_lower_bound(Decimal("120.0")) == "over 120"


@pytest.mark.parametrize(
    ("language", "from_120", "up_to_150", "over_120"),
    [
        ("zh-hans", "120 起", "至多 150", "超过 120"),
        ("ru", "от 120", "до 150", "более 120"),
        ("ko", "120부터", "150까지", "120 이상"),
        ("ja", "120以上", "150以下", "120超"),
        ("mn", "доод тал нь 120", "дээд тал нь 150", "120 гаруй"),
    ],
)
def test_ranges_are_worded_in_every_language(language, from_120, up_to_150, over_120):
    with translation.override(language):
        assert format_range(Decimal(120), None) == from_120
        assert format_range(None, Decimal(150)) == up_to_150
        assert format_lower_bound(Decimal(120)) == over_120
        assert "–" not in format_range(Decimal(120), None)


def test_a_lower_bound_is_its_own_low_end_without_a_high_one():
    assert is_lower_bound(Decimal(120), Decimal("120.0"), None)
    assert not is_lower_bound(Decimal(120), Decimal(100), None)  # a range from 100
    assert not is_lower_bound(Decimal(120), Decimal(120), Decimal(150))
    assert not is_lower_bound(Decimal(120), None, None)
