"""The public directory and profiles: filters, search, pagination, query counts."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stakeholders.models import Organisation
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    StakeholderTypeFactory,
)

pytestmark = pytest.mark.django_db


def _make_organisations(count):
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    park, ngo = StakeholderTypeFactory(slug="protected-area"), StakeholderTypeFactory(slug="ngo")
    for index in range(count):
        organisation = OrganisationFactory(
            country=china if index % 2 else russia, stakeholder_type=park if index % 3 else ngo
        )
        PersonFactory(organisation=organisation, is_focal_point=True)
    return Organisation.objects.first()


def _queries(client, url):
    # Warm up first: process-wide caches (content types, catalogues) would
    # otherwise cost the first request of a lone test a query more.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["directory", "profile"])
def test_query_count_does_not_grow_with_the_number_of_organisations(client, page):
    counts = []
    for total in (10, 200):
        Organisation.objects.all().delete()
        first = _make_organisations(total)
        url = reverse("stakeholders:directory") if page == "directory" else first.get_absolute_url()
        assert Organisation.objects.count() == total
        counts.append(_queries(client, url + ("?country=CN" if page == "directory" else "")))
    assert counts[0] == counts[1]
    assert 2 < counts[0] <= 8  # rendered, not cached; with ATOMIC_REQUESTS' SAVEPOINTs


def test_directory_query_count_for_a_signed_in_user_is_fixed_too(client):
    reviewer = RoleAssignmentFactory().user
    client.force_login(reviewer)
    _make_organisations(10)
    small = _queries(client, reverse("stakeholders:directory"))
    _make_organisations(190)
    assert _queries(client, reverse("stakeholders:directory")) == small


def test_filters_combine_and_search_matches_name_acronym_and_description(client):
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    park = StakeholderTypeFactory(slug="protected-area")
    ngo = StakeholderTypeFactory(slug="international-ngo")
    OrganisationFactory(name="Hunchun Nature Reserve", country=china, stakeholder_type=park)
    OrganisationFactory(name="Land of the Leopard", country=russia, stakeholder_type=park)
    OrganisationFactory(
        name="World Wide Fund for Nature", acronym="WWF", country=china, stakeholder_type=ngo
    )
    OrganisationFactory(name="Hidden", country=china, status=Organisation.Status.SUSPENDED)

    def names(query):
        response = client.get(reverse("stakeholders:directory") + query)
        return sorted(o.name for o in response.context["page"].object_list)

    assert names("?country=CN&type=protected-area") == ["Hunchun Nature Reserve"]
    assert names("?q=wwf") == ["World Wide Fund for Nature"]
    assert names("?q=leopard&country=RU") == ["Land of the Leopard"]
    assert names("") == [
        "Hunchun Nature Reserve",
        "Land of the Leopard",
        "World Wide Fund for Nature",
    ]
    assert names("?country=ZZ") == []  # an unknown value is a form error, not a 500


def test_pagination_keeps_the_filters(client):
    china = CountryFactory(code="CN")
    for _ in range(25):
        OrganisationFactory(country=china)
    response = client.get(reverse("stakeholders:directory") + "?country=CN")
    body = response.content.decode()
    assert "country=CN&amp;page=2" in body
    response = client.get(reverse("stakeholders:directory") + "?country=CN&page=2")
    assert len(response.context["page"].object_list) == 5
    assert client.get(reverse("stakeholders:directory") + "?page=999").status_code == 200


def test_inactive_profile_is_hidden_from_the_public(client):
    organisation = OrganisationFactory(status=Organisation.Status.APPLICANT)
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_profile_shows_contacts_but_not_their_email(client):
    person = PersonFactory(is_focal_point=True, email="secret@example.org", full_name="Li Wei")
    body = client.get(person.organisation.get_absolute_url()).content.decode()
    assert "Li Wei" in body
    assert "secret@example.org" not in body


def test_csv_export_for_the_secretariat(client):
    from tests.factories import RoleAssignmentFactory as Roles

    secretariat = Roles(role="secretariat", country=None).user
    OrganisationFactory(name="Хасанский заповедник", country=CountryFactory(code="RU"))
    client.force_login(secretariat)
    response = client.get(reverse("stakeholders:directory_export") + "?country=RU")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["slug", "name", "acronym"]
    assert [row[1] for row in rows[1:]] == ["Хасанский заповедник"]
