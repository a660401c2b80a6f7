"""The first two-factor enrolment of an account that may use the admin.

The admin requires two-factor sign-in. An account that has not enrolled yet
must not be able to enrol an authenticator with its password alone (a stolen
password would then let someone else enrol theirs): the enrolment pages
first ask for a fresh sign-in by a one-time link sent to the account's email
address, through the one mail pipeline (the `account.admin_enrolment_link`
event; notifications sends it exactly once).

- `link_send(user)` keeps a new nonce (the link sent before stops working)
  and announces the mail;
- `link_user(token)` is the account a link is for, while it is unused and
  younger than settings.ADMIN_ENROLMENT_LINK_MINUTES; `link_use(user)` spends it;
- a session signed in by the link may enrol for ENROLMENT_MINUTES;
- until the account has enrolled, its email address cannot be changed on the
  site (else whoever holds the password would have the link sent to them);
  the secretariat changes it in the admin if need be.
"""

import datetime
import secrets

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from common.events import publish
from common.onetime import ADMIN_ENROLMENT, make_token, read_token

from .admin_site import may_use_admin

SALT = ADMIN_ENROLMENT
ENROLMENT_MINUTES = 15
RESEND_SECONDS = 60
SESSION_KEY = "admin_enrolment_verified_at"


def needs_link(user) -> bool:
    """Whether `user` must sign in by an emailed link before enrolling."""
    return bool(
        user.is_authenticated
        and (user.is_staff or may_use_admin(user))
        and not is_mfa_enabled(user)
    )


def token_for(user) -> str:
    return make_token(user_id=user.pk, nonce=user.admin_enrolment_nonce, salt=SALT)


def sent_a_moment_ago(user) -> bool:
    """A link went out less than RESEND_SECONDS ago: no new one yet (the
    owner's mailbox is not to be flooded by whoever holds the password)."""
    sent = user.admin_enrolment_sent_at
    return sent is not None and timezone.now() - sent < datetime.timedelta(seconds=RESEND_SECONDS)


@transaction.atomic
def link_send(user) -> bool:
    """Send a new link (the one before stops working); False when one went
    out a moment ago."""
    if sent_a_moment_ago(user):
        return False
    user.admin_enrolment_nonce = secrets.token_urlsafe(32)
    user.admin_enrolment_sent_at = timezone.now()
    user.save(update_fields=["admin_enrolment_nonce", "admin_enrolment_sent_at"])
    publish("account.admin_enrolment_link", user_id=user.pk)
    return True


def link_is_fresh(user) -> bool:
    sent = user.admin_enrolment_sent_at
    return bool(
        user.admin_enrolment_nonce
        and sent is not None
        and timezone.now() - sent
        <= datetime.timedelta(minutes=settings.ADMIN_ENROLMENT_LINK_MINUTES)
    )


def link_user(token: str):
    """The account the link is for, or None: tampered, used, replaced by a
    newer link, expired, or for an account that needs no link any more."""
    found = read_token(token, salt=SALT)
    if found is None:
        return None
    user_id, nonce = found
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not link_is_fresh(user):
        return None
    if not secrets.compare_digest(user.admin_enrolment_nonce, nonce):
        return None
    if is_mfa_enabled(user):
        return None
    return user


@transaction.atomic
def link_use(user) -> bool:
    """Spend the link (at most once, also when two requests race)."""
    spent = (
        get_user_model()
        .objects.filter(pk=user.pk, admin_enrolment_nonce=user.admin_enrolment_nonce)
        .exclude(admin_enrolment_nonce="")
        .update(admin_enrolment_nonce="", admin_enrolment_sent_at=None)
    )
    return spent == 1


def mark_session(request) -> None:
    request.session[SESSION_KEY] = timezone.now().timestamp()


def session_may_enrol(request) -> bool:
    """Whether this session signed in by a link recently enough to enrol."""
    if not needs_link(request.user):
        return True
    verified = request.session.get(SESSION_KEY)
    if not isinstance(verified, (int, float)):
        return False
    age = timezone.now().timestamp() - verified
    return 0 <= age <= ENROLMENT_MINUTES * 60
