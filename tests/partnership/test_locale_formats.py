"""Dates and numbers on pages follow the active language's formats, and a
date reads the same, unambiguously, on a list and on a detail page.

In every language a date names its month (or is written in the language's own
year-month-day form: "2025年9月5日"), never "09/05/2025" or "05.09.2025", which
half the partnership reads the other way round (partnership/formats/). The
`<time datetime>` attributes and form values stay ISO.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.conf import settings

from tests.factories import OrganisationFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory
from tests.factories.news import ArticleFactory

pytestmark = pytest.mark.django_db

# The language's date of 5 September 2025 and its grouping of 1234567.
EXPECTED = {
    "": ("5 Sep 2025", "1,234,567 ha"),
    "/ru": ("5 сентября 2025 г.", "1\xa0234\xa0567"),
    # grouped by three with a comma, like the other languages' tables
    "/zh-hans": ("2025年9月5日", "1,234,567"),
    "/ja": ("2025年9月5日", "1,234,567"),
    "/ko": ("2025년 9월 5일", "1,234,567"),
    "/mn": ("2025 оны 9-р сарын 5", "1,234,567"),
}
PREFIXES = [
    "" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES
]

# A date written only with digits: 05/09/2025, 9/5/2025, 05.09.2025, 2025-09-05, 2025/9/5.
NUMERIC_DATE = re.compile(
    r"(?<![\d.,])(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})"
    r"(?!\d|[.,]\d)"
)
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """The text a reader sees: no tags, attributes, scripts or styles."""
    return html.unescape(TAG.sub(" ", HIDDEN.sub(" ", page)))


def test_the_sweep_sees_a_numeric_date_when_there_is_one():
    """The pattern the sweep uses finds every numeric form (and only those)."""
    for text in ("05/09/2025", "9/5/2025", "05.09.2025", "2025-09-05", "2025/9/5", "2025.09.05"):
        assert NUMERIC_DATE.search(f"on {text}."), text
    for text in ("5 Sep 2025", "2025年9月5日", "1,234,567", "43.12345", "2025–2026", "10–14"):
        assert not NUMERIC_DATE.search(text), text
    assert visible_text('<time datetime="2025-09-05">5 Sep 2025</time>') == " 5 Sep 2025 "


def test_every_language_has_its_own_unambiguous_date():
    assert set(EXPECTED) == set(PREFIXES)


@pytest.mark.parametrize(("prefix", "expected"), EXPECTED.items())
def test_protected_area_page_formats_dates_and_numbers_for_the_locale(client, prefix, expected):
    date_text, area_text = expected
    area = ProtectedAreaFactory(area_ha=1234567)
    ActivityFactory(
        protected_areas=[area],
        starts_on=datetime.date(2025, 9, 5),
        ends_on=datetime.date(2025, 9, 30),
    )
    response = client.get(f"{prefix}/protected-areas/{area.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert date_text in page
    assert area_text in page
    assert '<time datetime="2025-09-05">' in page  # the machine format stays ISO


@pytest.mark.parametrize(("prefix", "expected"), EXPECTED.items())
def test_a_list_and_a_detail_page_show_the_same_date(client, prefix, expected):
    """The activity list and the activity's page write its start the same way."""
    date_text = expected[0]
    activity = ActivityFactory(
        starts_on=datetime.date(2025, 9, 5), ends_on=datetime.date(2025, 9, 30)
    )
    shown = {}
    for name, path in (("list", "/activities/"), ("detail", activity.get_absolute_url())):
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200, path
        page = response.content.decode()
        match = re.search(r'<time datetime="2025-09-05">([^<]+)</time>', page)
        assert match, (name, prefix)
        shown[name] = match.group(1)
    assert shown == {"list": date_text, "detail": date_text}


@pytest.mark.parametrize("prefix", PREFIXES)
def test_no_public_page_writes_a_date_in_digits_only(client, prefix):
    """A sweep of the public pages that show dates, in every language: no
    "09/05/2025", "05.09.2025" or "2025-09-05" in what a reader sees."""
    area = ProtectedAreaFactory(area_ha=1234567)
    activity = ActivityFactory(
        protected_areas=[area],
        starts_on=datetime.date(2025, 9, 5),
        ends_on=datetime.date(2025, 11, 30),
    )
    organisation = OrganisationFactory(joined_on=datetime.date(2025, 9, 5))
    # a period that is not a whole year is written as two dates
    PatrolSummaryFactory(
        protected_area=area,
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 9, 5),
    )
    PatrolSummaryFactory(
        protected_area=area, period_start=None, period_end=datetime.date(2012, 3, 31)
    )
    PopulationEstimateFactory(year=2025, estimate=Decimal(120), low=Decimal(120))
    ArticleFactory()
    pages = [
        "/",
        "/activities/",
        activity.get_absolute_url(),
        f"/protected-areas/{area.slug}/",
        "/members/",
        f"/members/{organisation.slug}/",
        "/data/",
        "/news/",
        "/events/",
        "/committee/",
        "/committee/decisions/",
    ]
    for path in pages:
        response = client.get(f"{prefix}{path}")
        assert response.status_code == 200, path
        text = visible_text(response.content.decode())
        found = NUMERIC_DATE.findall(text)
        assert not found, (prefix, path, found)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_patrol_period_on_the_data_page_is_written_with_its_dates(client, prefix):
    area = ProtectedAreaFactory()
    PatrolSummaryFactory(
        protected_area=area,
        period_start=datetime.date(2025, 3, 1),
        period_end=datetime.date(2025, 9, 5),
    )
    page = client.get(f"{prefix}/data/").content.decode()
    assert EXPECTED[prefix][0] in page
    assert "2025-03-01" not in visible_text(page)
