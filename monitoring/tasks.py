"""Background work: imports and the release of lapsed embargoes; small,
idempotent, calling the services."""

from celery import shared_task

from . import services
from .models import stale_after_seconds


# acks_late + reject_on_worker_lost: a worker that dies mid-import leaves the
# message unacknowledged, so the broker delivers it again and the new run
# takes the job over once its heartbeat is stale (services._claim).
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=3)
def import_run(self, job_id: int) -> None:
    """Import a stored file. Safe to run twice: the job is claimed first, and
    a failure is recorded on the job by the service (nothing is imported)."""
    job = services.import_job_run(job_id=job_id)
    if job is None and services.import_job_in_progress(job_id=job_id):
        # Another run has it. Look again once it would count as stuck, in
        # case that run's worker is the one that died.
        raise self.retry(countdown=stale_after_seconds() + 5)


@shared_task
def release_embargoes(now=None) -> bool:
    """Hourly (partnership/schedules.py): retire cached public pages once an
    embargo has lapsed. Safe to run any number of times: each day is
    released once."""
    return services.embargoes_release(now=now)


@shared_task
def expire_import_previews() -> int:
    """Hourly (partnership/schedules.py): delete the import previews nobody
    confirmed in time, with their stored files. Safe to run twice."""
    return services.import_previews_expire()
