"""Every list endpoint runs a fixed number of queries whatever the page size
and the amount of data: counted with small data and ten times more, for a
visitor and for a signed-in partner."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.factories.activities import (
    ActivityFactory,
    IndicatorFactory,
    IndicatorTypeFactory,
    ProtectedAreaFactory,
)
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import MeetingFactory
from tests.factories.news import ArticleFactory

SMALL = 2


def _add(kind, count, monitoring_record):
    for _ in range(count):
        if kind == "organisations":
            OrganisationFactory(status="active")
        elif kind == "protected-areas":
            ProtectedAreaFactory(administration=OrganisationFactory(status="active"))
        elif kind == "activities":
            partner = OrganisationFactory(status="active")
            area = ProtectedAreaFactory()
            activity = ActivityFactory(
                organisations=[partner], protected_areas=[area], location_sensitive=True
            )
            IndicatorFactory(activity=activity, indicator_type=IndicatorTypeFactory(slug="km"))
        elif kind == "meetings":
            MeetingFactory(kind="public")
        elif kind == "news":
            ArticleFactory(status="published", publish_at=timezone.now())
        elif kind == "documents":
            DocumentFactory(access="public")
        elif kind == "working-groups":
            from tests.factories.workinggroups import WorkingGroupFactory

            WorkingGroupFactory()
        elif kind == "population-estimates":
            monitoring_record("estimate", latitude="43.1", longitude="131.1")
        elif kind == "patrol-summaries":
            monitoring_record("patrol", period_end=datetime.date(2023, 1, 1))


KINDS = [
    "organisations",
    "working-groups",
    "protected-areas",
    "activities",
    "meetings",
    "news",
    "documents",
    "population-estimates",
    "patrol-summaries",
]


def _count(api, url):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, {"page_size": 100})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "partner"])
@pytest.mark.parametrize("kind", KINDS)
def test_list_queries_do_not_grow_with_data(
    kind, signed_in, db, api_as, monitoring_record, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    user = None
    if signed_in:
        user = UserFactory()
        PersonFactory(user=user, organisation=OrganisationFactory(status="active"))
    api = api_as(user)
    url = f"/api/v1/{kind}/"
    _add(kind, SMALL, monitoring_record)
    api.get(url)  # warm up: content types, the token's first use
    small, shown_small = _count(api, url)
    _add(kind, SMALL * 9, monitoring_record)
    large, shown_large = _count(api, url)
    assert shown_large >= shown_small + SMALL * 9 - 1 > shown_small
    assert small == large, (kind, small, large)
    print(f"{kind} {'partner' if signed_in else 'visitor'}: {small} queries")
