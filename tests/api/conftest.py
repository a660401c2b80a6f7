"""Fixtures for the API tests: an API client, personal tokens, and the demo
data once per module for the read-mostly matrices."""

import pytest
from rest_framework.test import APIClient

from activities import demo as activities_demo
from api import services


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for(db):
    """`token_for(user)` -> the secret of a new personal token of `user`."""

    def make(user, name="tests"):
        _token, secret = services.token_create(user=user, name=name)
        return secret

    return make


@pytest.fixture
def api_as(token_for):
    """`api_as(user)` -> an APIClient that sends `user`'s token (None: anonymous)."""

    def make(user):
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
        return client

    return make


@pytest.fixture(scope="module")
def api_demo(demo_data_for_module, django_db_blocker):
    """The full demo data (activities seeded again: it is idempotent)."""
    with django_db_blocker.unblock():
        activities_demo.seed(password="tiger-leopard-demo", with_accounts=True)


@pytest.fixture
def monitoring_record(db):
    """`monitoring_record(kind, **fields)` -> a saved PopulationEstimate
    ("estimate") or PatrolSummary ("patrol") of one centre, made by the
    monitoring factories."""
    from tests.factories.activities import ProtectedAreaFactory
    from tests.factories.activities_extra import InformationCentreFactory
    from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory

    centre = InformationCentreFactory()

    def make(kind="estimate", **fields):
        if kind == "estimate":
            return PopulationEstimateFactory(centre=centre, country=centre.country, **fields)
        if "period_end" in fields:
            fields.setdefault("period_start", None)  # a total up to that date
        fields.setdefault("protected_area", ProtectedAreaFactory(country=centre.country))
        return PatrolSummaryFactory(centre=centre, **fields)

    return make
