"""Shared fixtures. Tests use the real database (SQLite locally, PostgreSQL in
CI through DATABASE_URL) and never mock it.

`--clock=2027-12-31T23:30:00+00:00` (or PORTAL_TEST_CLOCK) runs the whole
session with the clock moved to that moment, still ticking (time-machine), so
that a test tied to the day it was written fails at once. `.ci/run` runs the
time-sensitive modules so, a year ahead and across a year end.
"""

import datetime
import os

import pytest
from django.core.management import call_command
from django.test import override_settings

from stakeholders import demo


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("PORTAL_TEST_CLOCK", ""),
        help="run every test with the clock moved to this ISO 8601 moment (it keeps ticking)",
    )


_traveller = None


def pytest_configure(config):
    global _traveller
    moment = config.getoption("--clock")
    if not moment:
        return
    import time_machine

    when = datetime.datetime.fromisoformat(moment)
    if when.tzinfo is None:
        raise pytest.UsageError("--clock needs a time zone offset, e.g. 2027-12-31T23:30:00+00:00")
    _traveller = time_machine.travel(when, tick=True)
    _traveller.start()


def pytest_unconfigure(config):
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def pytest_report_header(config):
    moment = config.getoption("--clock")
    return f"clock moved to {moment}" if moment else None


@pytest.fixture(autouse=True)
def _default_language():
    """A request to /ru/... leaves Russian active in the thread (Django's
    LocaleMiddleware activates, nothing deactivates): each test starts in the
    default language, as each real request does."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters and cached pages must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_data(db, tmp_path, settings):
    """The full demo data set, with the demo accounts (as `make run` has it).
    Its documents are written to a folder of this test's own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="module")
def demo_data_for_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data seeded once for a whole test module, inside a transaction
    rolled back at the module's end; each test runs in its own savepoint
    within it (pytest-django's `db`). For big matrices of read-mostly checks."""
    from django.db import transaction

    media = override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private-media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()


@pytest.fixture
def module_demo_user(demo_data_for_module, db, django_user_model):
    """Like `demo_user`, on the module's shared demo data."""

    def get(email):
        return django_user_model.objects.get(email=email)

    return get


@pytest.fixture
def demo_user(demo_data, django_user_model):
    def get(email):
        return django_user_model.objects.get(email=email)

    return get


@pytest.fixture
def demo_password():
    from django.conf import settings

    return settings.DEMO_PASSWORD


DEMO_EMAILS = [account.email for account in demo.DEMO_ACCOUNTS]


@pytest.fixture
def secretariat_client(client):
    """A client signed in as secretariat staff with two-factor set up, as the
    admin requires; the user is `client.staff`."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from stakeholders.models import Role
    from tests.factories import RoleAssignmentFactory

    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    client.staff = staff
    return client
