"""The claim protocol behind every notification mail ("exactly once, unless
the process dies at the worst moment").

A send is owned by the row of a delivery model (`ReminderDelivery`,
`DigestDelivery`, `MeetingMailDelivery`) whose UniqueConstraint admits one row
per thing to send. A task:

1. `take()`: inserts the row in state "sending" (or, when it exists, locks it
   and takes it over if it is "failed" or a "sending" claim older than
   `NOTIFICATIONS_CLAIM_TIMEOUT`); a "sent" or "skipped" row means done, a
   fresh "sending" row means another worker is on it (busy);
2. sends the mail through Django's email backend, outside any transaction;
3. `mark_sent()` on success, or `release()` on an error (state "failed"), so
   that the retry sends again.

The remaining window: a worker killed after the SMTP server accepted the
message but before `mark_sent()` committed leaves a "sending" row; once the
claim times out, the redelivered task (acks_late) sends a second copy. SMTP
gives no way to ask "did you get this?", so the choice is at-least-once in
that window rather than losing the mail; the window is the few milliseconds
between the server's 250 reply and the commit.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DeliveryState


class Outcome(enum.Enum):
    CLAIMED = "claimed"  # this task owns the send now
    DONE = "done"  # sent (or deliberately skipped) before
    BUSY = "busy"  # another worker holds a fresh claim


@dataclass
class Claim:
    outcome: Outcome
    row: object

    @property
    def claimed(self) -> bool:
        return self.outcome is Outcome.CLAIMED


def claim_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=getattr(settings, "NOTIFICATIONS_CLAIM_TIMEOUT", 300))


@transaction.atomic
def take(model, **lookup) -> Claim:
    """Claim the send identified by `lookup` (the unique fields)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            row = model.objects.create(
                **lookup, state=DeliveryState.SENDING, claimed_at=now, attempts=1
            )
        return Claim(Outcome.CLAIMED, row)
    except IntegrityError:
        pass  # the row exists: the constraint said so; look at its state
    row = model.objects.select_for_update().get(**lookup)
    if row.state in (DeliveryState.SENT, DeliveryState.SKIPPED):
        return Claim(Outcome.DONE, row)
    if (
        row.state == DeliveryState.SENDING
        and row.claimed_at is not None
        and row.claimed_at > now - claim_timeout()
    ):
        return Claim(Outcome.BUSY, row)
    row.state = DeliveryState.SENDING
    row.claimed_at = now
    row.attempts += 1
    row.save(update_fields=["state", "claimed_at", "attempts"])
    return Claim(Outcome.CLAIMED, row)


def mark_sent(row) -> None:
    type(row).objects.filter(pk=row.pk).update(
        state=DeliveryState.SENT, sent_at=timezone.now(), note=""
    )


def release(row, error: BaseException) -> None:
    """The send failed: let the retry claim it again at once."""
    type(row).objects.filter(pk=row.pk).exclude(state=DeliveryState.SENT).update(
        state=DeliveryState.FAILED, note=f"{type(error).__name__}: {error}"[:200]
    )


@transaction.atomic
def skip(model, *, note: str, **lookup) -> None:
    """Record that this send will not happen (bad address, preference off...),
    unless it was already sent; later runs then leave it alone."""
    now = timezone.now()
    try:
        with transaction.atomic():
            model.objects.create(
                **lookup, state=DeliveryState.SKIPPED, claimed_at=now, note=note[:200]
            )
    except IntegrityError:
        model.objects.filter(**lookup).exclude(state=DeliveryState.SENT).update(
            state=DeliveryState.SKIPPED, note=note[:200]
        )
