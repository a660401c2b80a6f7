"""An embargo lapses without anything being saved: the hourly
`release_embargoes` task retires the cached public pages once it has, exactly
as saving a record does, and otherwise leaves them alone."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from common import pagecache
from monitoring.models import PopulationEstimate
from monitoring.services import EMBARGOES_RELEASED_KEY
from monitoring.tasks import release_embargoes
from partnership.celery import app as celery_app
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)
SOURCE = "Joint camera-trap survey, embargoed"


@pytest.fixture(autouse=True)
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=3600):
        yield


def data_page(client):
    """/data/ as an anonymous visitor sees it: (served from the cache?, body)."""
    response = client.get("/data/")
    assert response.status_code == 200
    return response["X-Page-Cache"] == "hit", response.content.decode()


def test_a_lapsed_embargo_retires_the_cached_data_page(
    client, cn_centre, china, tomorrow, django_assert_num_queries
):
    estimate = PopulationEstimateFactory(
        centre=cn_centre, country=china, source=SOURCE, embargo_until=tomorrow
    )
    now = timezone.now()
    assert release_embargoes(now=now - ONE_DAY) is False  # nothing lapsed yet
    assert SOURCE not in data_page(client)[1]
    # The embargo day comes: the clock moves on, nothing is saved (an update
    # sends no signal), and the cached page still hides the record.
    PopulationEstimate.objects.filter(pk=estimate.pk).update(embargo_until=timezone.localdate())
    hit, body = data_page(client)
    assert hit and SOURCE not in body

    assert release_embargoes.delay(now=now).get() is True  # as beat runs it
    hit, body = data_page(client)
    assert not hit and SOURCE in body

    # Run again the same day: nothing to do, no query, the page stays cached.
    generation = pagecache.generation()
    with django_assert_num_queries(0):
        assert release_embargoes(now=now) is False
    assert pagecache.generation() == generation
    assert data_page(client)[0]


def test_nothing_is_retired_when_no_embargo_lapsed_since_the_last_run(
    client, cn_centre, china, hunchun, tomorrow
):
    today = timezone.localdate()
    PopulationEstimateFactory(centre=cn_centre, country=china, embargo_until=tomorrow)
    # lapsed before the last run: already released then
    PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun, embargo_until=today - ONE_DAY)
    PopulationEstimateFactory(centre=cn_centre, country=china, embargo_until=None)
    assert release_embargoes(now=timezone.now() - ONE_DAY) is True  # the first run releases
    data_page(client)
    generation = pagecache.generation()

    assert release_embargoes(now=timezone.now()) is False
    assert pagecache.generation() == generation
    assert data_page(client)[0]


def test_a_patrol_summary_embargo_counts_too(cn_centre, hunchun):
    today = timezone.localdate()
    PatrolSummaryFactory(centre=cn_centre, protected_area=hunchun, embargo_until=today)
    assert release_embargoes(now=timezone.now() - ONE_DAY) is False
    generation = pagecache.generation()
    assert release_embargoes(now=timezone.now()) is True
    assert pagecache.generation() > generation


def test_days_missed_while_beat_was_down_are_released_at_the_next_run(cn_centre, china):
    today = timezone.localdate()
    PopulationEstimateFactory(centre=cn_centre, country=china, embargo_until=today - 2 * ONE_DAY)
    assert release_embargoes(now=timezone.now() - 5 * ONE_DAY) is False
    assert release_embargoes(now=timezone.now()) is True
    assert cache.get(EMBARGOES_RELEASED_KEY) == today.isoformat()


def test_without_a_mark_no_embargo_at_all_retires_nothing(cn_centre, china):
    PopulationEstimateFactory(centre=cn_centre, country=china, embargo_until=None)
    generation = pagecache.generation()
    assert release_embargoes() is False
    assert pagecache.generation() == generation


def test_the_task_runs_hourly_from_the_schedule_installed_by_migrate():
    schedule = PeriodicTask.objects.get(name="monitoring-release-embargoes")
    assert schedule.task == "monitoring.tasks.release_embargoes"
    assert schedule.enabled
    assert (schedule.interval.every, schedule.interval.period) == (3600, IntervalSchedule.SECONDS)
    assert schedule.task in celery_app.tasks
