"""An import whose worker died is not stuck for ever: the job is claimed
again by the redelivered task once its heartbeat is older than
MONITORING_IMPORT_STALE_SECONDS, the rows are imported once, a run that was
taken over writes nothing, and the job page says when a job looks stuck."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import ImportJob, PopulationEstimate
from monitoring.tasks import import_run

from .test_imports import GOOD_ROWS, POPULATION_HEADER, csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(secretary, cn_centre, hunchun, leopard_park) -> ImportJob:
    return services.import_job_create(
        user=secretary,
        centre=cn_centre,
        kind="population",
        file_format="csv",
        upload=SimpleUploadedFile("figures.csv", csv_bytes(POPULATION_HEADER, GOOD_ROWS)),
        confirmed=True,
    )


def died_while_running(job: ImportJob, *, seconds_ago: int) -> None:
    """As a worker that claimed the job, checked some rows and died leaves it."""
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING,
        attempt=1,
        total=3,
        progress=1,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


def test_a_redelivered_task_takes_over_a_stale_job_and_imports_once(job, settings):
    settings.MONITORING_IMPORT_STALE_SECONDS = 600
    died_while_running(job, seconds_ago=601)
    import_run.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.imported, job.progress, job.attempt) == (3, 3, 2)
    assert PopulationEstimate.objects.filter(import_job=job).count() == 3
    import_run.delay(job.pk)  # delivered once more: nothing left to do
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.attempt == 2
    assert PopulationEstimate.objects.count() == 3


def test_a_job_with_a_fresh_heartbeat_is_left_to_its_run(job, settings):
    settings.MONITORING_IMPORT_STALE_SECONDS = 600
    died_while_running(job, seconds_ago=30)
    assert services.import_job_run(job_id=job.pk) is None
    assert services.import_job_in_progress(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempt) == (ImportJob.Status.RUNNING, 1)
    assert not PopulationEstimate.objects.exists()


def test_the_stale_limit_is_a_setting(job, settings):
    settings.MONITORING_IMPORT_STALE_SECONDS = 60
    died_while_running(job, seconds_ago=61)
    assert services.import_job_run(job_id=job.pk).status == ImportJob.Status.DONE


def test_a_run_that_was_taken_over_writes_nothing(job):
    """The old run wakes up after another run claimed the job: it neither
    inserts rows nor touches the job."""
    stalled = services._claim(job.pk)
    assert stalled.attempt == 1
    ImportJob.objects.filter(pk=job.pk).update(attempt=2, progress=0)  # the new claim
    services._run(stalled)
    job.refresh_from_db()
    assert (job.status, job.attempt, job.progress) == (ImportJob.Status.RUNNING, 2, 0)
    assert not PopulationEstimate.objects.exists()


def test_a_failure_is_recorded_on_the_job(job, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr("monitoring.imports.read_table", broken)
    with pytest.raises(RuntimeError):
        import_run.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.is_finished
    assert job.file_errors and not PopulationEstimate.objects.exists()


def test_the_job_page_says_when_a_job_looks_stuck(client, secretary, job, settings):
    settings.MONITORING_IMPORT_STALE_SECONDS = 600
    client.force_login(secretary)
    died_while_running(job, seconds_ago=30)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-stuck"' not in page
    died_while_running(job, seconds_ago=3600)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-stuck"' in page and "has shown no progress for 1" in page
    import_run.delay(job.pk)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="import-stuck"' not in page


def test_the_status_json_says_when_a_job_looks_stuck(client, secretary, job, settings):
    """What the progress script polls tells it too, so the notice shows
    without a reload; the page carries the notice's text for the script."""
    settings.MONITORING_IMPORT_STALE_SECONDS = 600
    client.force_login(secretary)
    status_url = reverse("monitoring:import_job_status", args=[job.pk])
    died_while_running(job, seconds_ago=30)
    assert client.get(status_url).json()["stuck"] is False
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'data-stuck-notice="This import has shown no progress for a while:' in page
    died_while_running(job, seconds_ago=3600)
    assert client.get(status_url).json()["stuck"] is True
    import_run.delay(job.pk)
    status = client.get(status_url).json()
    assert (status["stuck"], status["finished"]) == (False, True)


def test_the_stuck_notice_is_translated_for_the_script(client, secretary, job):
    client.force_login(secretary)
    page = client.get("/ru" + job.get_absolute_url()).content.decode()
    notice = page.split('data-stuck-notice="', 1)[1].split('"', 1)[0]
    assert notice and "no progress" not in notice
