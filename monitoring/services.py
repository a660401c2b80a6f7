"""Writes for monitoring data: imports (checked, all or nothing) and single records.

Single records (the API's writes) go through `estimate_create` and its
siblings: the same permission (`monitoring.add_…` for the centre) and the same
checks as a row of an import file (`imports.check_record`).

An import goes through three steps. `import_job_create` checks the upload
(size, content, text encoding, the uploader's right to publish for the
centre) and stores it as an `ImportJob`; `import_job_run` reads it and
checks every row. A job not yet confirmed stops there, writing nothing but
its preview (the first rows with their checks, the totals: status PREVIEW).
`import_job_confirm` takes the uploader's signed confirmation of that
preview (job, file digest, encoding) and moves the job back to PENDING, once
only; the next run checks the same stored file again and, only if no row is
refused, inserts them all in one transaction with `bulk_create`. Small files
are run at once; large ones by the `import_run` task (same function), which
reports its progress on the job row.

Progress is written outside the inserting transaction (in autocommit), so the
uploader's page sees it while rows are checked; the inserts themselves are one
atomic block, so a failure, a crash or a clash with a concurrent import (the
unique constraints) leaves nothing behind.

Embargoes lapse without a write: `embargoes_release` (the hourly
`release_embargoes` task) retires the cached public pages when one has.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Mapping

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import InformationCentre
from common import textfiles
from common.pagecache import invalidate_public_pages

from . import imports
from .models import ImportJob, PatrolSummary, PopulationEstimate, stale_after_seconds

logger = logging.getLogger(__name__)

DEFAULT_INLINE_BYTES = 256 * 1024
DEFAULT_PREVIEW_SECONDS = 24 * 60 * 60
BATCH_SIZE = 1000
PREVIEW_ROWS = 20
CONFIRM_SALT = "monitoring.import-confirm"


def inline_limit_bytes() -> int:
    """Files up to this size are imported while the uploader waits."""
    return getattr(settings, "MONITORING_IMPORT_INLINE_BYTES", DEFAULT_INLINE_BYTES)


def preview_max_age() -> int:
    """How long a preview may be confirmed (seconds after the check)."""
    return getattr(settings, "MONITORING_IMPORT_PREVIEW_SECONDS", DEFAULT_PREVIEW_SECONDS)


def _digest(fileobj) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(64 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def import_job_create(
    *,
    user,
    centre: InformationCentre,
    kind: str,
    file_format: str,
    upload,
    encoding: str = textfiles.AUTO,
    confirmed: bool = False,
) -> ImportJob:
    """Check the upload and store it as a pending import job. A CSV is read
    in `encoding` (or the detected one, kept on the job). The job is first
    run as a preview; `confirmed` skips that step, for callers with no one
    to show it to (the benchmark, scripts)."""
    if not user.has_perm("monitoring.import_data", centre):
        raise PermissionDenied
    if kind not in ImportJob.Kind.values:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    if file_format not in ImportJob.Format.values:
        raise ValidationError({"file_format": _("Choose the file's format.")})
    if file_format == ImportJob.Format.SMART and kind != ImportJob.Kind.PATROL:
        raise ValidationError({"kind": _("A SMART export holds patrol summaries.")})
    try:
        imports.check_upload(upload, file_format)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    decoded = None
    if file_format != ImportJob.Format.XLSX:
        try:
            decoded = imports.decode_upload(upload, encoding)
        except textfiles.UndecodableText as error:
            field = "file" if encoding == textfiles.AUTO else "encoding"
            raise ValidationError({field: str(error)}) from None
    job = ImportJob(
        centre=centre,
        kind=kind,
        file_format=file_format,
        original_name=(getattr(upload, "name", "") or "")[-255:],
        created_by=user,
        encoding=decoded.encoding if decoded else "",
        encoding_detected=decoded.detected if decoded else False,
        file_sha256=_digest(upload),
        confirmed_at=timezone.now() if confirmed else None,
        # what the preview says of a chosen encoding another reads better
        report={"encoding_likely": decoded.likely} if decoded and decoded.likely else {},
    )
    job.file.save(getattr(upload, "name", "upload") or "upload", upload, save=False)
    job.full_clean()
    job.save()
    return job


def import_job_start(job: ImportJob) -> bool:
    """Run a small file now, queue a large one; True when it was queued. A
    workbook is measured unzipped: a small zip may hold a large sheet."""
    with job.file.open("rb") as handle:
        size = max(job.file.size, imports.unpacked_size(handle, job.file_format))
    if size > inline_limit_bytes():
        from .tasks import import_run

        job_id = job.pk
        transaction.on_commit(lambda: import_run.delay(job_id))
        return True
    import_job_run(job_id=job.pk)
    return False


def _claim(job_id: int) -> ImportJob | None:
    """Move a job to running and return it; None if another live run has it or
    it is finished (so a task delivered twice imports once).

    A pending job may be claimed, and so may a running one whose heartbeat is
    older than MONITORING_IMPORT_STALE_SECONDS: its worker died (the task is
    `acks_late`, so the broker delivers it again). The UPDATE's condition is
    re-checked under the row lock, so of two runs racing for a job one wins;
    `attempt` tells a taken-over run that the job is no longer its own."""
    now = timezone.now()
    stale_before = now - datetime.timedelta(seconds=stale_after_seconds())
    silent = Q(heartbeat_at__lt=stale_before) | Q(
        heartbeat_at__isnull=True, created_at__lt=stale_before
    )
    claimable = Q(status=ImportJob.Status.PENDING) | (Q(status=ImportJob.Status.RUNNING) & silent)
    claimed = ImportJob.objects.filter(claimable, pk=job_id).update(
        status=ImportJob.Status.RUNNING,
        heartbeat_at=now,
        progress=0,
        attempt=F("attempt") + 1,
    )
    if not claimed:
        return None
    return ImportJob.objects.select_related("centre").get(pk=job_id)


def import_job_in_progress(*, job_id: int) -> bool:
    """Is another run working on the job (running, heartbeat still fresh)?"""
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).first()
    return job is not None and not job.looks_stuck


def _owned(job: ImportJob):
    """The job's row while this run's claim holds."""
    return ImportJob.objects.filter(pk=job.pk, attempt=job.attempt)


def _finish(job: ImportJob, status: str, **fields) -> None:
    fields.update(status=status, finished_at=timezone.now())
    _owned(job).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Check every row of the job's file and import all of them, or none.
    None when the job is not to be run by this call (finished, or another
    live run has it)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        return _run(job)
    except Exception:
        # Only this run's claim is marked failed: a run taken over while it
        # stalled must not overwrite its successor's work.
        _finish(
            job,
            ImportJob.Status.FAILED,
            report={
                "errors": [],
                "file_errors": [_("The import failed unexpectedly; nothing was imported.")],
            },
        )
        raise


def _run(job: ImportJob) -> ImportJob:
    likely = job.report.get("encoding_likely", "") if isinstance(job.report, dict) else ""
    try:
        with job.file.open("rb") as handle:
            headers, rows, decimal_comma = imports.read_table(
                handle, job.file_format, job.encoding or textfiles.AUTO
            )
        _owned(job).update(total=len(rows), heartbeat_at=timezone.now())
        job.total = len(rows)

        def on_progress(done: int) -> None:
            _owned(job).update(progress=done, heartbeat_at=timezone.now())

        default_source = ""
        if job.file_format == ImportJob.Format.SMART:
            default_source = _("SMART export: %(name)s") % {"name": job.original_name}
        result = imports.check_rows(
            kind=job.kind,
            file_format=job.file_format,
            headers=headers,
            rows=rows,
            default_source=default_source,
            decimal_comma=decimal_comma,
            on_progress=on_progress,
            # at most ~20 progress writes, however long the file
            progress_every=max(500, len(rows) // 20),
        )
    except imports.FileRefused as error:
        _finish(job, ImportJob.Status.REFUSED, report={"file_errors": [str(error)], "errors": []})
        return job
    preview = imports.preview_table(
        kind=job.kind,
        file_format=job.file_format,
        headers=headers,
        rows=rows,
        errors=result.errors,
        limit=PREVIEW_ROWS,
    )
    if likely:
        preview["encoding_likely"] = likely
    if result.errors:
        _finish(
            job,
            ImportJob.Status.REFUSED,
            progress=result.total,
            report={"errors": result.errors, "file_errors": [], "preview": preview},
        )
        return job
    if not result.records:
        _finish(
            job,
            ImportJob.Status.REFUSED,
            progress=result.total,
            report={"errors": [], "file_errors": [_("The file has no data rows.")]},
        )
        return job
    if job.confirmed_at is None:
        # The preview: every row checked, nothing written; the uploader confirms.
        _finish(
            job,
            ImportJob.Status.PREVIEW,
            progress=result.total,
            report={"errors": [], "file_errors": [], "preview": preview},
        )
        return job
    _owned(job).update(progress=result.total, heartbeat_at=timezone.now())
    model = PopulationEstimate if job.kind == ImportJob.Kind.POPULATION else PatrolSummary
    for record in result.records:
        record.centre_id = job.centre_id
        record.import_job_id = job.pk
        record.created_by_id = job.created_by_id
    try:
        with transaction.atomic():
            # Lock the job row and check the claim is still ours: the rows and
            # the "done" status commit together, and no other run can claim
            # the job meanwhile, so the rows are inserted once at most.
            if not _owned(job).select_for_update().exists():
                logger.warning("import %s was taken over by another run", job.pk)
                return job
            model.objects.bulk_create(result.records, batch_size=BATCH_SIZE)
            _finish(job, ImportJob.Status.DONE, imported=len(result.records), report={"errors": []})
            # bulk_create sends no post_save: retire cached pages here
            transaction.on_commit(invalidate_public_pages)
    except IntegrityError:
        logger.warning("import %s clashed with stored records", job.pk, exc_info=True)
        _finish(
            job,
            ImportJob.Status.REFUSED,
            report={
                "errors": [],
                "file_errors": [
                    _(
                        "Some rows clash with records saved while the file was checked "
                        "(another import?). Nothing was imported; upload the file again "
                        "to see which."
                    )
                ],
            },
        )
        return job
    return job


# --- Confirming a preview -----------------------------------------------------------


class ConfirmationRefused(Exception):
    """A confirmation that cannot be taken; `status` is the HTTP answer."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def _confirmation_payload(job: ImportJob) -> dict:
    return {"j": job.pk, "u": job.created_by_id, "h": job.file_sha256, "e": job.encoding}


def import_confirmation_token(job: ImportJob) -> str:
    """What the preview's form posts back: names the job, its uploader, the
    digest of the file previewed and the encoding it was read in."""
    return signing.dumps(_confirmation_payload(job), salt=CONFIRM_SALT, compress=False)


def import_job_confirm(*, user, job: ImportJob, token: str) -> ImportJob:
    """Take the uploader's confirmation of a preview: the job goes back to
    PENDING, confirmed, once (a second post finds it no longer waiting). The
    caller then starts it (`import_job_start`). Raises ConfirmationRefused."""
    try:
        payload = signing.loads(token or "", salt=CONFIRM_SALT, max_age=preview_max_age())
    except signing.SignatureExpired:
        raise ConfirmationRefused(_expired_message(), status=410) from None
    except signing.BadSignature:
        raise ConfirmationRefused(
            _("This confirmation is not valid. Open the import's page and confirm from there."),
            status=400,
        ) from None
    if payload != _confirmation_payload(job) or job.created_by_id != user.pk:
        raise ConfirmationRefused(
            _("This confirmation is not for this import. Open its page and confirm from there."),
            status=400,
        )
    if not user.has_perm("monitoring.import_data", job.centre):
        raise PermissionDenied
    if job.status != ImportJob.Status.PREVIEW or job.confirmed_at is not None:
        raise ConfirmationRefused(_already_message(), status=409)
    if job.finished_at and job.finished_at < timezone.now() - datetime.timedelta(
        seconds=preview_max_age()
    ):
        raise ConfirmationRefused(_expired_message(), status=410)
    with job.file.open("rb") as handle:
        if _digest(handle) != job.file_sha256:
            raise ConfirmationRefused(
                _("The stored file no longer matches the preview; upload it again."), status=409
            )
    confirmed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.PREVIEW, confirmed_at__isnull=True
    ).update(status=ImportJob.Status.PENDING, confirmed_at=timezone.now(), progress=0)
    if not confirmed:  # a concurrent post won
        raise ConfirmationRefused(_already_message(), status=409)
    job.refresh_from_db()
    return job


def _expired_message() -> str:
    return _("This preview has expired; nothing was imported. Upload the file again.")


def _already_message() -> str:
    return _("This import has already been confirmed; it is not imported twice.")


def import_previews_expire(*, now=None) -> int:
    """Delete the previews nobody confirmed in time, with their files; how
    many. Safe to run any number of times."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.PREVIEW,
        finished_at__lt=now - datetime.timedelta(seconds=preview_max_age()),
    )
    removed = 0
    for job in stale.only("pk", "file"):
        if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).delete()[0]:
            job.file.delete(save=False)
            removed += 1
    return removed


# --- Single records (the API's writes) ---------------------------------------------

RECORD_KINDS = {PopulationEstimate: ImportJob.Kind.POPULATION, PatrolSummary: ImportJob.Kind.PATROL}


def _perm(action: str, model) -> str:
    return f"monitoring.{action}_{model._meta.model_name}"


def _publishing_centre(*, user, model, centre: InformationCentre | None) -> InformationCentre:
    """The centre a new record is published for: the one named, or the only
    one the user publishes for. 403 when the user may not publish for it."""
    if centre is None:
        from .selectors import centres_published_by

        centres = centres_published_by(user)
        if not centres:
            raise PermissionDenied
        if len(centres) > 1:
            raise ValidationError(
                {"centre": _("You publish for several centres: choose the record's centre.")}
            )
        centre = centres[0]
    if not user.has_perm(_perm("add", model), centre):
        raise PermissionDenied
    return centre


def _unknown_columns(kind: str, values: Mapping[str, str]) -> None:
    known = {column.name for column in imports.COLUMNS[kind]}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValidationError({name: [_("Unknown field.")] for name in unknown})


def _save_checked(*, record, kind: str, values: Mapping[str, str], update_fields=None):
    """Check `values` as an import row is checked (the same function), copy
    them onto `record` and save it; ValidationError names each bad field."""
    _unknown_columns(kind, values)
    checked, errors = imports.check_record(kind, values, exclude_pk=record.pk)
    if errors:
        raise ValidationError(errors)
    for column in imports.COLUMNS[kind]:
        setattr(record, column.name, getattr(checked, column.name))
    record.full_clean(exclude=["created_by", "import_job"])
    try:
        # a savepoint: a clash with a record saved meanwhile (the unique
        # constraints) is a 400, and the request's transaction stays usable
        with transaction.atomic():
            record.save(update_fields=update_fields)
    except IntegrityError:
        raise ValidationError(imports.already_stored_message()) from None
    # The post_save signal retires cached pages at once; again on commit, so
    # that a page cached meanwhile with the old figures does not survive.
    transaction.on_commit(invalidate_public_pages)
    return record


def _record_create(*, user, model, values, centre, record=None):
    centre = _publishing_centre(user=user, model=model, centre=centre)
    record = model() if record is None else record
    record.centre, record.created_by = centre, user
    return _save_checked(record=record, kind=RECORD_KINDS[model], values=values)


def record_create(*, user, record, values: Mapping[str, str], centre=None):
    """Publish `record`, a new estimate or patrol summary (the admin's unsaved
    instance), from the template's columns as text: the checks, rights and
    side effects of `estimate_create` / `patrol_create`."""
    return _record_create(
        user=user, model=type(record), values=values, centre=centre, record=record
    )


def record_update(*, user, record, values: Mapping[str, str], centre=None, partial=False):
    """`estimate_update` / `patrol_update` for a record of either kind."""
    return _record_update(user=user, record=record, values=values, centre=centre, partial=partial)


def record_delete(*, user, record) -> None:
    """`estimate_delete` / `patrol_delete` for a record of either kind."""
    _record_delete(user=user, record=record)


def _record_update(*, user, record, values, centre, partial: bool):
    """Change a record; `partial`: `values` holds only the changed columns.
    Moving it to another centre needs the right to publish for that one."""
    model = type(record)
    if not user.has_perm(_perm("change", model), record):
        raise PermissionDenied
    if centre is not None and centre.pk != record.centre_id:
        if not user.has_perm(_perm("add", model), centre):
            raise PermissionDenied
        record.centre = centre
    kind = RECORD_KINDS[model]
    if partial:
        values = {**imports.record_cells(record), **values}
    fields = [column.name for column in imports.COLUMNS[kind]] + ["centre", "updated_at"]
    return _save_checked(record=record, kind=kind, values=values, update_fields=fields)


def _record_delete(*, user, record) -> None:
    if not user.has_perm(_perm("delete", type(record)), record):
        raise PermissionDenied
    record.delete()
    transaction.on_commit(invalidate_public_pages)


def estimate_create(
    *, user, values: Mapping[str, str], centre: InformationCentre | None = None
) -> PopulationEstimate:
    """Publish one population estimate. `values` are the import template's
    columns as text; `centre` may be left out by those who publish for one."""
    return _record_create(user=user, model=PopulationEstimate, values=values, centre=centre)


def estimate_update(
    *,
    user,
    estimate: PopulationEstimate,
    values: Mapping[str, str],
    centre: InformationCentre | None = None,
    partial: bool = False,
) -> PopulationEstimate:
    return _record_update(user=user, record=estimate, values=values, centre=centre, partial=partial)


def estimate_delete(*, user, estimate: PopulationEstimate) -> None:
    _record_delete(user=user, record=estimate)


def patrol_create(
    *, user, values: Mapping[str, str], centre: InformationCentre | None = None
) -> PatrolSummary:
    """Publish one patrol summary (the patrol template's columns as text)."""
    return _record_create(user=user, model=PatrolSummary, values=values, centre=centre)


def patrol_update(
    *,
    user,
    patrol: PatrolSummary,
    values: Mapping[str, str],
    centre: InformationCentre | None = None,
    partial: bool = False,
) -> PatrolSummary:
    return _record_update(user=user, record=patrol, values=values, centre=centre, partial=partial)


def patrol_delete(*, user, patrol: PatrolSummary) -> None:
    _record_delete(user=user, record=patrol)


# --- Embargoes ----------------------------------------------------------------------

# The last day up to which lapsed embargoes have been released (ISO date). Kept
# in the cache that holds the pages it protects: should the cache be flushed,
# the cached pages went with it, and a missing mark releases once more anyway.
EMBARGOES_RELEASED_KEY = "monitoring:embargoes-released-through"


def embargoes_release(*, now: datetime.datetime | None = None) -> bool:
    """Retire the cached public pages when a record's embargo has lapsed since
    the last call, as saving a record does; True when it did.

    Nothing is saved when an embargo date passes, so nothing else tells the
    page cache. A record is public from its `embargo_until` day on (in the
    server's time zone, as anonymous visitors see it): each day is released
    once, and calls later the same day cost no query. Without a mark (the
    first run, a flushed cache) any lapsed embargo releases."""
    today = timezone.localdate(now or timezone.now(), timezone.get_default_timezone())
    mark = cache.get(EMBARGOES_RELEASED_KEY)
    released_through = datetime.date.fromisoformat(mark) if mark else None
    if released_through is not None and released_through >= today:
        return False
    lapsed = Q(embargo_until__lte=today)
    if released_through is not None:
        lapsed &= Q(embargo_until__gt=released_through)
    released = any(
        model.objects.filter(lapsed).exists() for model in (PopulationEstimate, PatrolSummary)
    )
    if released:
        invalidate_public_pages()
    cache.set(EMBARGOES_RELEASED_KEY, today.isoformat(), timeout=None)
    return released
