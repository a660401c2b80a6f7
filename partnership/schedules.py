"""The portal's periodic tasks and their default schedules.

Beat runs django-celery-beat's DatabaseScheduler: schedules live in the
database, where the secretariat sees and changes them in the admin
(Periodic tasks). The defaults below are *created* after every `migrate` when
they are missing and never overwritten, so a schedule changed or disabled in
the admin stays as the secretariat left it. Celery's own
`CELERY_BEAT_SCHEDULE` stays empty on purpose: the DatabaseScheduler writes
its entries over the database rows every time beat starts.
"""

# name: (task, every so many seconds)
DEFAULT_SCHEDULES = {
    "news-publish-due": ("news.tasks.publish_due", 60),
    "notifications-send-due-reminders": ("notifications.tasks.send_due_reminders", 5 * 60),
    "notifications-send-digests": ("notifications.tasks.send_digests", 15 * 60),
    "monitoring-release-embargoes": ("monitoring.tasks.release_embargoes", 60 * 60),
    "monitoring-expire-import-previews": ("monitoring.tasks.expire_import_previews", 60 * 60),
    "committee-close-procedures": ("committee.tasks.close_due_procedures", 60),
}


def install_default_schedules(using: str = "default", **kwargs) -> list[str]:
    """Create the default periodic tasks that do not exist yet; returns their
    names. Connected to `post_migrate`."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    existing = set(
        PeriodicTask.objects.using(using)
        .filter(name__in=DEFAULT_SCHEDULES)
        .values_list("name", flat=True)
    )
    created = []
    for name, (task, seconds) in DEFAULT_SCHEDULES.items():
        if name in existing:
            continue
        interval, _new = IntervalSchedule.objects.using(using).get_or_create(
            every=seconds, period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.using(using).create(name=name, task=task, interval=interval)
        created.append(name)
    return created
