"""Friendly error pages in the visitor's language."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_address_is_a_friendly_404(client):
    response = client.get("/members/no-such-organisation/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that page" in body
    assert '<main id="main"' in body


def test_404_speaks_the_visitors_language(client):
    response = client.get("/ru/members/no-such-organisation/")
    assert response.status_code == 404
    assert '<html lang="ru"' in response.content.decode()


def test_403_explains(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/members/directory.csv")
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()
