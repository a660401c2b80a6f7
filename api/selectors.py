"""Reads for personal API tokens."""

from django.db.models import QuerySet

from .models import ApiToken, hash_secret


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_by_secret(secret: str) -> ApiToken | None:
    """The usable token whose secret this is, with its user; None otherwise."""
    if not secret:
        return None
    return (
        ApiToken.objects.usable()
        .select_related("user")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )
