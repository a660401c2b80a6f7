"""Accounts: sign-up with confirmation, login by email, rate limiting,
two-factor sign-in, the admin behind two-factor, and the profile."""

import time

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.urls import reverse

from stakeholders.models import Role
from tests.factories import PASSWORD, PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_up_requires_email_confirmation_then_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Anna Petrova",
            "email": "anna@example.org",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert "Partnership Portal" in mail.outbox[0].body
    assert "example.com" not in mail.outbox[0].body
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line
    )
    path = link[link.index("/accounts/confirm-email/") :].strip()
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.context["user"].full_name == "Anna Petrova"


def test_unconfirmed_account_cannot_sign_in(client, django_user_model):
    django_user_model.objects.create_user(email="new@example.org", password=PASSWORD)
    response = _login(client, "new@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_login_by_email_and_logout(client):
    user = UserFactory(email="ranger@example.org")
    response = _login(client, "Ranger@Example.org")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="target@example.org")
    for _ in range(6):
        _login(client, "target@example.org", "wrong")
    # the per-account limit (5 failures in 5 minutes) is spent: even the right
    # password is refused for now, with a message that says why
    response = _login(client, "target@example.org")
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link(client):
    UserFactory(email="forgetful@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.org"})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    # allauth's mails are the portal's too: its prefix, no auto-responder answers
    assert mail.outbox[0].subject.startswith("[Partnership Portal] ")
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"


def test_password_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "new-pass-phrase-9",
            "password2": "new-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new-pass-phrase-9")


def test_two_factor_login_asks_for_a_code_and_accepts_recovery_codes(client):
    user = UserFactory(email="careful@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    response = _login(client, "careful@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again, with an error
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_secretariat_reaches_admin_only_with_two_factor(client):
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])  # the admin's login step
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.logout()
    _login(client, staff.email)
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/stakeholders/roleassignment/").status_code == 200
    assert client.get("/admin/stakeholders/membershipapplication/").status_code == 200


def test_staff_flag_alone_does_not_open_the_admin(client):
    user = UserFactory(is_staff=True)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_profile_saves_name_language_time_zone_and_position(client):
    person = PersonFactory(user=UserFactory(), position="Ranger")
    client.force_login(person.user)
    response = client.post(
        reverse("profile"),
        {
            "full_name": "Ivan Ivanov",
            "language": "ru",
            "time_zone": "Asia/Vladivostok",
            f"position_{person.pk}": "Senior ranger",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    person.user.refresh_from_db()
    assert person.user.full_name == "Ivan Ivanov"
    assert person.user.language == "ru"
    assert person.user.time_zone == "Asia/Vladivostok"
    assert person.position == "Senior ranger"


def test_profile_refuses_an_unknown_time_zone(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("profile"), {"full_name": "X", "language": "en", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors


def test_pages_show_times_in_the_users_time_zone(client):
    user = UserFactory(time_zone="Asia/Vladivostok")
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert "Asia/Vladivostok" in response.content.decode()


def test_sign_in_switches_to_the_profile_language(client):
    UserFactory(email="lena@example.org", language="ru")
    response = _login(client, "lena@example.org")
    assert response["Location"].startswith("/ru/")
