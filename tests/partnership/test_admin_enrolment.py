"""The admin requires two-factor sign-in; an account that may use it and has
not enrolled yet cannot enrol an authenticator with its password alone: the
first enrolment needs a fresh sign-in by a one-time link sent by email
(partnership/enrolment.py)."""

import datetime
import re
import time
from urllib.parse import urlsplit

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.urls import reverse

from notifications.models import EventMailDelivery
from stakeholders.models import Role
from tests.factories import PASSWORD, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def staff():
    return RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user


@pytest.fixture(autouse=True)
def _events_after_commit(django_capture_on_commit_callbacks):
    """The mail goes out once the request commits, as in production."""
    global _committed
    _committed = django_capture_on_commit_callbacks
    yield
    _committed = None


_committed = None


def _password_sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _ask_for_link(client) -> str:
    mail.outbox.clear()
    with _committed(execute=True):
        response = client.post(reverse("admin_enrolment"))
    assert response["Location"] == reverse("admin_enrolment_sent")
    assert len(mail.outbox) == 1
    (link,) = re.findall(r"https?://\S+/accounts/admin-enrolment/[^/\s]+/", mail.outbox[0].body)
    return urlsplit(link).path


def _enrol_with_code(client) -> int:
    """Open the enrolment form and send the current code of its secret (the
    clock held still, so that the code cannot change on the way)."""
    with time_machine.travel(datetime.datetime.now(datetime.UTC), tick=False):
        response = client.get(ENROL)
        assert response.status_code == 200
        secret = client.session["mfa.totp.secret"]
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        return client.post(ENROL, {"code": code}).status_code


def test_a_password_alone_does_not_reach_the_enrolment(client, staff):
    _password_sign_in(client, staff)
    # the admin sends an account without two-factor towards the enrolment...
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin_enrolment")
    assert "sign-in link" in response.content.decode()
    # ...which, asked directly, answers with the same page, not the form
    for address in (ENROL, "/accounts/2fa/recovery-codes/generate/"):
        response = client.get(address)
        assert response["Location"] == reverse("admin_enrolment"), address
    response = client.post(ENROL, {"code": "123456"})
    assert response["Location"] == reverse("admin_enrolment")
    assert not Authenticator.objects.filter(user=staff).exists()


def test_the_emailed_link_signs_in_once_and_opens_the_enrolment(client, staff):
    _password_sign_in(client, staff)
    link = _ask_for_link(client)
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"  # the one mail pipeline
    assert EventMailDelivery.objects.filter(user=staff, key__startswith="enrolment:").count() == 1

    # a mail scanner opening the link spends nothing
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response["Location"] == ENROL
    assert _enrol_with_code(client) == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    # the link works once, also in another browser
    other = client.__class__()
    assert other.get(link).status_code == 400
    assert other.post(link).status_code == 400


def test_the_link_signs_in_a_browser_that_had_no_session(client, staff):
    _password_sign_in(client, staff)
    link = _ask_for_link(client)
    phone = client.__class__()
    response = phone.post(link)
    assert response["Location"] == ENROL
    assert phone.session["_auth_user_id"] == str(staff.pk)
    assert phone.get(ENROL).status_code == 200


def test_the_link_expires(client, staff):
    _password_sign_in(client, staff)
    link = _ask_for_link(client)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        assert client.get(link).status_code == 400
        assert client.post(link).status_code == 400
        assert client.get(ENROL)["Location"] == reverse("admin_enrolment")


def test_a_tampered_or_replaced_link_is_refused(client, staff):
    _password_sign_in(client, staff)
    first = _ask_for_link(client)
    token = first.rstrip("/").rsplit("/", 1)[1]
    tampered = first.replace(token, token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert client.post(tampered).status_code == 400
    another_user = UserFactory()
    assert client.post(f"/accounts/admin-enrolment/{another_user.pk}/").status_code == 400
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)):
        second = _ask_for_link(client)
        assert first != second
        assert client.post(first).status_code == 400  # replaced by the newer one
        assert client.post(second)["Location"] == ENROL


def test_no_second_link_within_a_minute(client, staff):
    _password_sign_in(client, staff)
    _ask_for_link(client)
    mail.outbox.clear()
    with _committed(execute=True):
        response = client.post(reverse("admin_enrolment"), follow=True)
    assert mail.outbox == []
    assert "a moment ago" in response.content.decode()


def test_the_email_address_stays_until_the_account_has_enrolled(client, staff):
    """Else whoever holds the password would have the link sent to them."""
    _password_sign_in(client, staff)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "thief@example.org"}
    )
    assert response["Location"] == reverse("admin_enrolment")
    assert not staff.emailaddress_set.filter(email="thief@example.org").exists()
    assert client.get(reverse("account_email")).status_code == 200


def test_the_fresh_sign_in_is_good_for_a_while_only(client, staff):
    _password_sign_in(client, staff)
    client.post(_ask_for_link(client))
    assert client.get(ENROL).status_code == 200
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=16)
    with time_machine.travel(later):
        assert client.get(ENROL)["Location"] == reverse("admin_enrolment")


def test_members_who_may_not_use_the_admin_enrol_as_before(client):
    member = UserFactory()
    client.force_login(member)
    assert client.get(ENROL).status_code in (200, 302)
    assert client.get(ENROL).get("Location") != reverse("admin_enrolment")
    assert client.get(reverse("admin_enrolment"))["Location"] == reverse("mfa_index")
