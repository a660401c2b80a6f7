"""Writes for personal API tokens: create (the secret is returned once),
revoke, and record use."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PREFIX_LENGTH, TOKEN_MARK, ApiToken, hash_secret

# A user needs a few tokens (one per script); more is a sign of a leak.
MAX_TOKENS_PER_USER = 20
# How often `last_used_at` is written: often enough to be useful, rarely
# enough that every request is not a database write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


@transaction.atomic
def token_create(*, user, name: str, expires_at: datetime.datetime | None = None):
    """A new token for `user`: returns (token, secret). Only the hash is stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    # Lock the user's row so that two simultaneous requests cannot pass the limit.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user).usable().count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You have %(count)d tokens in use: revoke one before creating another.")
            % {"count": MAX_TOKENS_PER_USER}
        )
    secret = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, secret


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke a token (idempotent): one's own, or any for the secretariat."""
    if token.user_id != by.pk and not by.has_perm("api.revoke_apitoken", token):
        raise ValidationError(_("This is not your token."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_record_use(token: ApiToken, now=None) -> None:
    """Note that the token was used, at most once per LAST_USED_RESOLUTION.
    Written in the request's transaction: a request that fails and is rolled
    back does not count as a use."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
