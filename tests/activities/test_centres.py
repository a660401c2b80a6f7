"""Information centres and protected areas: their pages show what they are,
who works there, their documents and activities as the viewer may see them,
and honest placeholders for what comes later."""

import datetime

import pytest
from django.urls import reverse

from activities import demo
from activities.models import Activity, InformationCentre, ProtectedArea
from stakeholders.models import Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import (
    ActivityFactory,
    CrossBorderPairFactory,
    ProtectedAreaFactory,
)
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.documents import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def centre(db):
    china = CountryFactory(code="CN")
    host = OrganisationFactory(name="Feline Research Center", country=china)
    return InformationCentreFactory(
        slug="feline-research-center",
        name="Feline Research Center of the NFGA",
        host=host,
        country=china,
    )


@pytest.fixture
def staff(centre):
    user = UserFactory(full_name="Li Information Officer")
    PersonFactory(user=user, organisation=centre.host)
    RoleAssignmentFactory(user=user, role=Role.CENTRE_STAFF, country=centre.country)
    return user


def test_the_list_names_each_centre_its_country_and_host(client, centre):
    InformationCentreFactory(
        name="Far East Department of Environmental Control",
        host=OrganisationFactory(country=CountryFactory(code="RU")),
    )
    response = client.get(reverse("activities:centres"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Feline Research Center of the NFGA" in html
    assert "Far East Department of Environmental Control" in html
    assert centre.get_absolute_url() in html
    assert "hosted by Feline Research Center" in html


def test_the_centre_page_lists_staff_and_their_documents_as_the_viewer_may_see_them(
    client, centre, staff
):
    other_country = UserFactory(full_name="Someone in Russia")
    RoleAssignmentFactory(
        user=other_country, role=Role.CENTRE_STAFF, country=CountryFactory(code="RU")
    )
    ended = UserFactory(full_name="Former Officer")
    RoleAssignmentFactory(
        user=ended,
        role=Role.CENTRE_STAFF,
        country=centre.country,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    DocumentFactory(title="Centre newsletter (public)", access="public", uploaded_by=staff)
    DocumentFactory(title="Centre briefing (members)", access="members", uploaded_by=staff)
    DocumentFactory(title="Someone else's paper", access="public")

    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Li Information Officer" in html
    assert "Someone in Russia" not in html and "Former Officer" not in html
    assert "Centre newsletter (public)" in html
    assert "Centre briefing (members)" not in html  # visitors see public documents only
    assert "Someone else&#x27;s paper" not in html and "Someone else's paper" not in html
    # placeholders say what will come, with no invented content
    assert "news will appear here" in html
    assert "monitoring data" in html

    partner = UserFactory()
    PersonFactory(user=partner, organisation=OrganisationFactory())
    client.force_login(partner)
    html = client.get(centre.get_absolute_url()).content.decode()
    assert "Centre briefing (members)" in html
    assert "Add a document" not in html  # only the centre's staff are offered it
    client.force_login(staff)
    assert "Add a document" in client.get(centre.get_absolute_url()).content.decode()


def test_an_unknown_centre_is_404(client, db):
    assert client.get(reverse("activities:centre", args=["nowhere"])).status_code == 404


def test_the_protected_area_page_shows_its_figures_partners_and_visible_activities(client):
    russia = CountryFactory(code="RU")
    administration = OrganisationFactory(name="Land of the Leopard Administration", country=russia)
    pair = CrossBorderPairFactory(
        first__name="Hunchun Nature Reserve",
        second__name="Leopardovy Zakaznik",
        second__country=russia,
        second__designation=ProtectedArea.Designation.FEDERAL_REFUGE,
        second__area_ha=169429,
        second__established=2008,
        second__administration=administration,
    )
    area = pair.second
    public = ActivityFactory(title="Snare sweep", status=Activity.Status.ONGOING)
    public.protected_areas.add(area)
    hidden = ActivityFactory(title="Secret proposal", status=Activity.Status.PROPOSED)
    hidden.protected_areas.add(area)

    response = client.get(reverse("activities:protected_area", args=[area.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Leopardovy Zakaznik",
        "Federal wildlife refuge (zakaznik)",
        "169,429 ha",
        "2008",
        "Land of the Leopard Administration",
        administration.get_absolute_url(),
        "Hunchun Nature Reserve",
        reverse("activities:protected_area", args=[pair.first.slug]),
        "Snare sweep",
    ):
        assert text in html, text
    assert "Secret proposal" not in html
    # its proposer sees their own proposal listed
    client.force_login(hidden.proposed_by)
    html = client.get(reverse("activities:protected_area", args=[area.slug])).content.decode()
    assert "Secret proposal" in html


def test_an_area_without_recorded_figures_says_so(client):
    area = ProtectedAreaFactory(name="Kedrovaya Pad", established=1916, area_ha=None)
    html = client.get(reverse("activities:protected_area", args=[area.slug])).content.decode()
    assert "1916" in html
    assert "not recorded" in html
    assert "No facing area across the border is recorded." in html
    assert client.get(reverse("activities:protected_area", args=["atlantis"])).status_code == 404


def test_without_accounts_only_the_reference_data_is_seeded(db):
    from stakeholders import demo as stakeholders_demo

    stakeholders_demo.seed(password=None, with_accounts=False)
    demo.seed(password=None, with_accounts=False)
    assert ProtectedArea.objects.count() == len(demo.PROTECTED_AREAS)
    assert InformationCentre.objects.count() == len(demo.CENTRES)
    assert not Activity.objects.exists()
    demo.seed(password=None, with_accounts=False)
    assert ProtectedArea.objects.count() == len(demo.PROTECTED_AREAS)
