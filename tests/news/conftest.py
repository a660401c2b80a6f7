"""Fixtures for the news tests: two information centres (China, Russia) with
their staff, and the page cache switched on where a test asks for it."""

import pytest
from django.test import override_settings

from stakeholders.models import Role
from tests.factories import CountryFactory, OrganisationFactory, RoleAssignmentFactory
from tests.factories.activities_extra import InformationCentreFactory


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def china(db):
    return CountryFactory(code="CN")


@pytest.fixture
def russia(db):
    return CountryFactory(code="RU")


@pytest.fixture
def centre_cn(china):
    return InformationCentreFactory(
        slug="feline-research-center",
        name="Feline Research Center of the NFGA",
        host=OrganisationFactory(name="Feline Research Center", country=china),
        country=china,
    )


@pytest.fixture
def centre_ru(russia):
    return InformationCentreFactory(
        slug="far-east-environmental-control",
        name="Far East Department of Environmental Control",
        host=OrganisationFactory(name="Far East Department", country=russia),
        country=russia,
    )


@pytest.fixture
def staff_cn(china):
    return RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=china).user


@pytest.fixture
def secretariat(db):
    return RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user


@pytest.fixture
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield
