"""Signed one-time links: the token names a user and a nonce that the server
keeps until the link is used (then cleared, so the link works once). The
signature makes a changed token worthless; the server decides how long a
nonce lives. The token is deterministic, so the mail task can write the same
link the request asked for without the link ever passing through the queue."""

from django.core import signing

# One salt per kind of link: a token of one kind is worthless as another.
ADMIN_ENROLMENT = "partnership.admin-enrolment"


def make_token(*, user_id: int, nonce: str, salt: str) -> str:
    return signing.dumps({"u": user_id, "n": nonce}, salt=salt, compress=False)


def read_token(token: str, *, salt: str) -> tuple[int, str] | None:
    """(user id, nonce) of a token this server signed; None otherwise."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    user_id, nonce = payload.get("u"), payload.get("n")
    if not isinstance(user_id, int) or not isinstance(nonce, str) or not nonce:
        return None
    return user_id, nonce
