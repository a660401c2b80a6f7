"""The public page cache: anonymous visitors only, retired on every change."""

import pytest
from django.test import override_settings

from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def page_cache_on():
    with override_settings(PUBLIC_PAGE_CACHE_SECONDS=60):
        yield


def test_second_anonymous_visit_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    OrganisationFactory(name="Hunchun Nature Reserve")
    first = client.get("/members/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/members/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_to_an_organisation_retires_cached_pages(client):
    organisation = OrganisationFactory(name="Old name")
    assert "Old name" in client.get("/members/").content.decode()
    organisation.name = "New name"
    organisation.save()
    body = client.get("/members/").content.decode()
    assert "New name" in body
    assert "Old name" not in body


def test_languages_and_queries_are_cached_apart(client):
    OrganisationFactory()
    english = client.get("/members/")
    russian = client.get("/ru/members/")
    assert russian["X-Page-Cache"] == "miss"
    assert english.content != russian.content
    assert client.get("/members/?q=nothing-matches")["X-Page-Cache"] == "miss"


def test_signed_in_users_are_never_served_or_stored(client):
    OrganisationFactory()
    client.get("/members/")  # an anonymous copy is now cached
    client.force_login(UserFactory(full_name="Yuki Tanaka"))
    response = client.get("/members/")
    assert "X-Page-Cache" not in response
    assert "Yuki" in response.content.decode()
    client.logout()
    assert "Yuki" not in client.get("/members/").content.decode()


def test_a_hidden_profile_is_not_cached_as_a_page(client):
    organisation = OrganisationFactory(status=Organisation.Status.SUSPENDED)
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert client.get(organisation.get_absolute_url()).status_code == 404
