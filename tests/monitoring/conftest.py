import datetime

import pytest
from django.utils import timezone

from stakeholders.models import Country
from tests.factories import CountryFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.factories.activities import ProtectedAreaFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.monitoring import centre_staff, secretariat


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def china(db) -> Country:
    return CountryFactory(code="CN", name="China")


@pytest.fixture
def russia(db) -> Country:
    return CountryFactory(code="RU", name="Russian Federation")


@pytest.fixture
def cn_centre(china):
    return InformationCentreFactory(
        slug="feline-research-center",
        name="Feline Research Center",
        host=OrganisationFactory(country=china),
        country=china,
    )


@pytest.fixture
def ru_centre(russia):
    return InformationCentreFactory(
        slug="far-east",
        name="Far East Department",
        host=OrganisationFactory(country=russia),
        country=russia,
    )


@pytest.fixture
def hunchun(china):
    return ProtectedAreaFactory(
        slug="hunchun-nature-reserve", name="Hunchun Nature Reserve", country=china
    )


@pytest.fixture
def leopard_park(russia):
    return ProtectedAreaFactory(
        slug="land-of-the-leopard-national-park",
        name="Land of the Leopard National Park",
        country=russia,
    )


@pytest.fixture
def cn_staff(cn_centre):
    return centre_staff(cn_centre, UserFactory(email="centre-cn@example.org"))


@pytest.fixture
def ru_staff(ru_centre):
    return centre_staff(ru_centre, UserFactory(email="centre-ru@example.org"))


@pytest.fixture
def secretary(db):
    return secretariat(UserFactory(email="secretariat@example.org"))


@pytest.fixture
def cn_partner(china):
    """Works for an active member organisation in China (no role)."""
    user = UserFactory(email="partner-cn@example.org")
    PersonFactory(user=user, organisation=OrganisationFactory(country=china))
    return user


@pytest.fixture
def tomorrow():
    return timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _default_time_zone():
    """A signed-in request activates the user's time zone in the test thread
    (common.middleware) and leaves it active; reset it so that dates made
    by factories ("today") are the server's."""
    timezone.deactivate()
    yield
    timezone.deactivate()
