"""Demo data, health check and configuration."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from stakeholders.demo import DEMO_ACCOUNTS
from stakeholders.models import (
    Country,
    MembershipApplication,
    Organisation,
    Person,
    RoleAssignment,
    StakeholderType,
)

pytestmark = pytest.mark.django_db


def _snapshot():
    from django.contrib.auth import get_user_model
    from guardian.models import UserObjectPermission

    return [
        sorted(Country.objects.values_list("code", "name")),
        StakeholderType.objects.count(),
        sorted(Organisation.objects.values_list("slug", "name", "status")),
        Person.objects.count(),
        sorted(get_user_model().objects.values_list("email", "password")),
        RoleAssignment.objects.count(),
        MembershipApplication.objects.count(),
        UserObjectPermission.objects.count(),
    ]


def test_seed_demo_is_idempotent_and_complete(demo_data):
    first = _snapshot()
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == first
    assert Country.objects.count() == 7
    assert StakeholderType.objects.count() == 12
    assert {"wwf", "land-of-the-leopard", "hunchun-nature-reserve", "nfga"} <= set(
        Organisation.objects.values_list("slug", flat=True)
    )
    pending = MembershipApplication.objects.filter(status="pending")
    assert sorted(pending.values_list("country__code", flat=True)) == ["CN", "RU"]


def test_demo_accounts_can_sign_in(demo_data, client, demo_password):
    for email in (account.email for account in DEMO_ACCOUNTS):
        client.logout()
        response = client.post("/accounts/login/", {"login": email, "password": demo_password})
        assert response.status_code == 302, email
        assert client.session.get("_auth_user_id"), email


def test_no_demo_accounts_without_debug(db):
    from django.contrib.auth import get_user_model

    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Organisation.objects.exists()
    assert not get_user_model().objects.exists()


def test_healthz_is_cheap_and_readyz_reports_every_shared_part(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert len(queries) == 0
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
    }


def test_unknown_page_is_a_404_not_a_500(client):
    assert client.get("/members/no-such-organisation/").status_code == 404
    assert client.get("/members/applications/999999/").status_code == 302  # sign in first
