"""Dates and numbers on pages follow the active language's formats.

The protected-area page shows an activity's dates (`DATE_FORMAT`) and the
area in hectares (`intcomma`); the same page in six languages must show each
locale's date and digit grouping, while `<time datetime>` stays ISO.
"""

import datetime

import pytest

from tests.factories.activities import ActivityFactory, ProtectedAreaFactory

EXPECTED = {
    "": ("Sept. 5, 2025", "1,234,567 ha"),
    "/ru": ("5 сентября 2025 г.", "1\xa0234\xa0567"),
    # Chinese groups by four with no separator (Django's zh_Hans formats).
    "/zh-hans": ("2025年9月5日", "1234567"),
    "/ja": ("2025年9月5日", "1,234,567"),
    "/ko": ("2025년 9월 5일", "1,234,567"),
    "/mn": ("2025 оны 9-р сарын 5", "1,234,567"),
}


@pytest.mark.django_db
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
    html = response.content.decode()
    assert date_text in html
    assert area_text in html
    assert '<time datetime="2025-09-05">' in html  # the machine format stays ISO


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "date_text"),
    [("", "Sept. 5, 2025"), ("/ru", "5 сентября 2025 г."), ("/ja", "2025年9月5日")],
)
def test_activity_list_dates_follow_the_locale(client, prefix, date_text):
    ActivityFactory(starts_on=datetime.date(2025, 9, 5), ends_on=datetime.date(2025, 9, 30))
    html = client.get(f"{prefix}/activities/").content.decode()
    assert date_text in html
    assert "5 Sep 2025" not in html
