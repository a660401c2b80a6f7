"""Writes for notifications: preferences, unsubscribe links, the in-app list,
and the reminder rows a scheduled or moved meeting leaves behind.

Other apps never call in here: they publish events (common.events) and
listeners.py reacts to them after commit.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from .models import (
    ALERT_DEFAULTS,
    AlertDelivery,
    AlertKind,
    AlertPreference,
    DeliveryState,
    MailKind,
    Notification,
    NotificationPreference,
    ReminderDelivery,
)
from .unread import unread_changed

logger = logging.getLogger(__name__)

# --- Preferences -------------------------------------------------------------------


def preferences_for(user) -> NotificationPreference:
    """The user's preferences, created with the defaults on first use."""
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    return preference


def preferences_by_user(user_ids) -> dict[int, NotificationPreference]:
    """Preferences of many users in one query; users without a row get an
    unsaved default one."""
    found = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    return {uid: found.get(uid) or NotificationPreference(user_id=uid) for uid in user_ids}


@transaction.atomic
def preferences_update(*, user, **fields) -> NotificationPreference:
    preference = NotificationPreference.objects.select_for_update().filter(user=user).first()
    if preference is None:
        preference = preferences_for(user)
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.full_clean(exclude=["user"])
    preference.save(update_fields=[*fields, "updated_at"])
    return preference


# --- Alerts: per kind of notice, at once / in the digest / off ------------------------


def alert_choices(user) -> dict[str, str]:
    """{alert kind: delivery} for one user, defaults filled in (1 query)."""
    return alert_choices_by_user([user.pk])[user.pk]


def alert_choices_by_user(user_ids) -> dict[int, dict[str, str]]:
    """{user_id: {alert kind: delivery}} for many users in one query."""
    user_ids = list(user_ids)
    choices = {uid: {kind.value: d.value for kind, d in ALERT_DEFAULTS.items()} for uid in user_ids}
    for user_id, kind, delivery in AlertPreference.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "kind", "delivery"
    ):
        if kind in choices[user_id]:
            choices[user_id][kind] = delivery
    return choices


def users_choosing(user_ids, kind: str, delivery: str) -> list[int]:
    """Those of `user_ids` whose choice for `kind` is `delivery` (1 query)."""
    return [
        uid
        for uid, choices in alert_choices_by_user(user_ids).items()
        if choices.get(kind) == delivery
    ]


@transaction.atomic
def alert_preferences_update(*, user, choices: dict[str, str]) -> dict[str, str]:
    """Record the member's choice for each kind in `choices`."""
    for kind, delivery in choices.items():
        kind, delivery = AlertKind(kind), AlertDelivery(delivery)
        AlertPreference.objects.update_or_create(
            user=user, kind=kind.value, defaults={"delivery": delivery.value}
        )
    return alert_choices(user)


# --- Who can be mailed ---------------------------------------------------------------


def recipient_problem(user) -> str | None:
    """Why this user cannot be mailed, or None. The batch skips and logs them."""
    if not user.is_active:
        return "inactive account"
    if not (user.email or "").strip():
        return "no email address"
    if user.language not in {code for code, _name in settings.LANGUAGES}:
        return f"unknown language {user.language!r}"
    try:
        zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return f"invalid time zone {user.time_zone!r}"
    return None


def log_skipped(user, problem: str, what: str) -> None:
    logger.warning("notifications: %s for user %s skipped: %s", what, user.pk, problem)


# --- Unsubscribe links --------------------------------------------------------------


def _salt(kind: str) -> str:
    return f"notifications.unsubscribe.{kind}"


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=_salt(kind), compress=True)


def unsubscribe_path(user, kind: str) -> str:
    with translation.override(user.language if user.language else None):
        return reverse(
            "notifications:unsubscribe",
            kwargs={"kind": kind, "token": unsubscribe_token(user, kind)},
        )


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


class InvalidUnsubscribeLink(Exception):
    pass


def unsubscribe_user_for(kind: str, token: str):
    """The user an unsubscribe link is for; InvalidUnsubscribeLink when the
    link was tampered with, is for another kind, or has expired."""
    from django.contrib.auth import get_user_model

    if kind not in MailKind.values and kind not in AlertKind.values:
        raise InvalidUnsubscribeLink("unknown kind")
    try:
        data = signing.loads(
            token, salt=_salt(kind), max_age=settings.NOTIFICATIONS_UNSUBSCRIBE_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise InvalidUnsubscribeLink("expired") from error
    except signing.BadSignature as error:
        raise InvalidUnsubscribeLink("bad signature") from error
    if not isinstance(data, dict) or data.get("k") != kind:
        raise InvalidUnsubscribeLink("wrong kind")
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise InvalidUnsubscribeLink("no such user")
    return user


def kind_label(kind: str) -> str:
    """The label of a kind of mail or of alert (an unsubscribe link names one)."""
    return str(AlertKind(kind).label if kind in AlertKind.values else MailKind(kind).label)


@transaction.atomic
def unsubscribe(*, user, kind: str) -> None:
    """Turn off this one kind of mail (other kinds stay as they were); for an
    alert, its email at once stops and it goes to the digest instead, so that
    nothing the member must act on is lost without their saying so on the
    settings page."""
    if kind in AlertKind.values:
        alert_preferences_update(user=user, choices={kind: AlertDelivery.DIGEST})
        return
    kind = MailKind(kind)
    preferences_update(user=user, **{f"email_{kind.value}": False})


# --- In-app notifications -------------------------------------------------------------


def notification_mark_read(*, user, notification_id: int) -> int:
    marked = Notification.objects.filter(
        user=user, pk=notification_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    if marked:
        unread_changed([user.pk])
    return marked


def notifications_mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if marked:
        unread_changed([user.pk])
    return marked


# --- Reminders of a meeting scheduled or moved (listeners.py) -----------------------------


def passed_offsets_skip(meeting, *, now: datetime.datetime | None = None) -> int:
    """Mark as skipped the reminders whose time lies before now for the
    meeting's current start: a meeting scheduled (or moved) three days ahead
    does not send its "7 days before" reminder late."""
    from meetings.models import Invitation

    now = now or timezone.now()
    user_ids = list(
        meeting.invitations.exclude(response=Invitation.Response.NO).values_list(
            "user_id", flat=True
        )
    )
    preferences = preferences_by_user(user_ids)
    rows = [
        ReminderDelivery(
            meeting=meeting,
            user_id=user_id,
            offset_minutes=offset,
            state=DeliveryState.SKIPPED,
            claimed_at=now,
            note="time passed when the meeting was scheduled or moved",
        )
        for user_id in user_ids
        for offset in preferences[user_id].offsets
        if meeting.starts_at - datetime.timedelta(minutes=offset) <= now
    ]
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reminders_reschedule(meeting, *, now: datetime.datetime | None = None) -> None:
    """The meeting moved. Rows whose time under the new start still lies
    ahead are cleared (that reminder goes out again, at the new time); rows
    whose time has passed stay, and missing ones are added as skipped. The
    constraint still admits one row per (meeting, user, offset)."""
    now = now or timezone.now()
    ahead_minutes = (meeting.starts_at - now).total_seconds() / 60
    ReminderDelivery.objects.filter(meeting=meeting, offset_minutes__lt=ahead_minutes).delete()
    passed_offsets_skip(meeting, now=now)
