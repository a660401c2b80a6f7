"""The unread count in every signed-in page's header, kept in the shared cache.

Counting a user's unread notifications is one query on every page they open;
the count changes only when a notice is added, read or deleted. So it is kept
under the user's *unread version*, a counter in the shared cache that every
such change bumps (`unread_changed`), read together with the count in one
round trip:

* a count stored with an older version than the current one is not used;
* a change made inside a transaction bumps the version at once and again
  when the transaction commits, so a count read in between (from the rows as
  they were before the commit) is not kept as current;
* each count is kept for UNREAD_COUNT_SECONDS at most, so a change made
  without this module (a raw SQL update) shows within that time.

Saves and deletions of single notifications (the admin, a deleted account)
reach `unread_changed` by signal; the services that add or mark notices in
bulk call it themselves.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from common.cache import bump_version, current_version

from .models import Notification

UNREAD_COUNT_SECONDS = 300


def _version_key(user_id) -> str:
    return f"notifications:unread-version:{user_id}"


def _count_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def unread_count(user) -> int:
    """How many of `user`'s notifications are unread (0 for visitors)."""
    if user is None or not user.is_authenticated:
        return 0
    found = cache.get_many([_version_key(user.pk), _count_key(user.pk)])
    version = found.get(_version_key(user.pk))
    kept = found.get(_count_key(user.pk))
    if version is not None and kept is not None and kept[0] == version:
        return kept[1]
    if version is None:
        version = current_version(_version_key(user.pk))
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if version is not None:
        cache.set(_count_key(user.pk), (version, count), UNREAD_COUNT_SECONDS)
    return count


def _in_a_transaction() -> bool:
    """Inside a transaction of the portal's own (not only a test's, whose
    transaction never commits)."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and not all(
        getattr(block, "_from_testcase", False) for block in connection.atomic_blocks
    )


def unread_changed(user_ids) -> None:
    """The unread notifications of these users changed: their kept counts
    retire now and, inside a transaction, again when it commits."""
    user_ids = {user_id for user_id in user_ids if user_id is not None}
    if not user_ids:
        return

    def bump():
        for user_id in user_ids:
            bump_version(_version_key(user_id))

    bump()
    if _in_a_transaction():
        transaction.on_commit(bump)


@receiver([post_save, post_delete], sender=Notification)
def _one_notification_changed(sender, instance, **kwargs):
    unread_changed([instance.user_id])
