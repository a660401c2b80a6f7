"""Shared fixtures. Tests use the real database (SQLite locally, PostgreSQL in
CI through DATABASE_URL) and never mock it."""

import pytest
from django.core.management import call_command
from django.test import override_settings

from stakeholders import demo


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
