"""A guest's personal answer link: the guest's id and the meeting's UID,
signed with the site's secret (django.core.signing) and dated.

The link is the guest's only key (guests have no account), so it names one
invitation and nothing else; it expires `MEETINGS_GUEST_LINK_MAX_AGE` after
it was issued (every invitation or change mail issues a fresh one). A link
that was altered, expired, or whose invitation was withdrawn gets a clear
page, never a server error (views/guest.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import GuestInvitation

SALT = "meetings.guest-answer"
DEFAULT_MAX_AGE = datetime.timedelta(days=90)


class GuestLinkError(Exception):
    """The link cannot be used; `status` is the HTTP answer to give."""

    status = 400


class TamperedLink(GuestLinkError):
    status = 400


class ExpiredLink(GuestLinkError):
    status = 410


class WithdrawnInvitation(GuestLinkError):
    status = 410


def max_age() -> datetime.timedelta:
    return getattr(settings, "MEETINGS_GUEST_LINK_MAX_AGE", DEFAULT_MAX_AGE)


def token_for(guest: GuestInvitation) -> str:
    return signing.dumps({"g": guest.pk, "m": str(guest.meeting.uid)}, salt=SALT, compress=True)


def answer_path(guest: GuestInvitation) -> str:
    return reverse("meetings:guest_answer", kwargs={"token": token_for(guest)})


def guest_for(token: str) -> GuestInvitation:
    """The invitation the token names, or a GuestLinkError."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise ExpiredLink from None
    except signing.BadSignature:
        raise TamperedLink from None
    if not isinstance(data, dict) or not isinstance(data.get("g"), int):
        raise TamperedLink
    guest = (
        GuestInvitation.objects.select_related("meeting", "meeting__group")
        .filter(pk=data["g"], meeting__uid=data.get("m"))
        .first()
    )
    if guest is None:
        raise WithdrawnInvitation
    return guest
