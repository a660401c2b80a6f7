"""Beat's schedules live in the database, where the secretariat sees and
changes them in the admin; beat starting again never undoes such a change."""

import pytest
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from partnership.celery import app as celery_app
from partnership.schedules import DEFAULT_SCHEDULES, install_default_schedules

pytestmark = pytest.mark.django_db


def test_default_schedules_exist_after_migrate():
    tasks = {task.name: task for task in PeriodicTask.objects.filter(name__in=DEFAULT_SCHEDULES)}
    assert set(tasks) == set(DEFAULT_SCHEDULES)
    for name, (task_name, seconds) in DEFAULT_SCHEDULES.items():
        assert tasks[name].task == task_name
        assert tasks[name].enabled
        assert tasks[name].interval.every == seconds
        assert tasks[name].interval.period == IntervalSchedule.SECONDS


# Beat's scheduler closes and reopens database connections as it starts: that
# needs a test whose data is committed rather than held in one transaction.
@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_the_admin_survives_beat_starting_and_migrate():
    digests = PeriodicTask.objects.get(name="notifications-send-digests")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.HOURS)
    digests.interval = hourly
    digests.save()
    PeriodicTask.objects.filter(name="news-publish-due").update(enabled=False)

    scheduler = DatabaseScheduler(app=celery_app, lazy=True)
    scheduler.setup_schedule()  # what beat does when it starts
    assert install_default_schedules() == []  # what every migrate does

    digests.refresh_from_db()
    assert digests.interval == hourly
    assert not PeriodicTask.objects.get(name="news-publish-due").enabled
    schedule = scheduler.all_as_schedule()  # what beat will run
    assert schedule["notifications-send-digests"].schedule.run_every.total_seconds() == 3600
    assert "news-publish-due" not in schedule


def test_a_deleted_default_schedule_comes_back_at_the_next_migrate():
    PeriodicTask.objects.filter(name="notifications-send-due-reminders").delete()
    assert install_default_schedules() == ["notifications-send-due-reminders"]
    assert PeriodicTask.objects.filter(name="notifications-send-due-reminders").exists()


def test_the_secretariat_sees_the_schedules_in_the_admin(secretariat_client):
    response = secretariat_client.get("/admin/django_celery_beat/periodictask/")
    assert response.status_code == 200
    for name in DEFAULT_SCHEDULES:
        assert name in response.content.decode()
