"""Home, dashboard, language switching and the base layout."""

import pytest
from django.urls import reverse

from stakeholders.models import Role
from tests.factories import ApplicationFactory, OrganisationFactory, RoleAssignmentFactory

pytestmark = pytest.mark.django_db


def test_home_shows_figures_groups_events_and_links_to_joining(client):
    from tests.factories.meetings import PublicEventFactory
    from tests.factories.workinggroups import WorkingGroupFactory

    OrganisationFactory(name="Land of the Leopard")
    WorkingGroupFactory(name="Camera trapping")
    PublicEventFactory(title="Tiger Festival", group=None)
    response = client.get("/")
    body = response.content.decode()
    assert response.context["member_count"] == 1
    assert "Camera trapping" in body
    assert "Tiger Festival" in body
    assert reverse("stakeholders:apply") in body
    assert reverse("activities:map") in body
    assert "<script" not in body  # the home page ships no JavaScript


def test_home_query_count_is_fixed(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.meetings import PublicEventFactory
    from tests.factories.monitoring import PopulationEstimateFactory
    from tests.factories.workinggroups import WorkingGroupFactory

    def fill(n):
        for index in range(n):
            OrganisationFactory()
            WorkingGroupFactory()
            PublicEventFactory(group=None)
            # population estimates: the home page's latest tiger/leopard figures
            PopulationEstimateFactory(species="amur_leopard" if index % 2 else "amur_tiger")

    fill(2)
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    fill(20)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/")
    assert len(large) == len(small)
    assert 'id="populations-title"' in response.content.decode()


def test_base_layout_has_landmarks_skip_link_and_local_assets_only(client):
    body = client.get("/").content.decode()
    for fragment in ("<header", "<nav", '<main id="main"', "<footer", 'href="#main"'):
        assert fragment in body
    # every script, style, image and icon comes from the portal itself
    import re

    for url in re.findall(r'(?:src|href)="([^"]+)"', body):
        if url.startswith(("http://", "https://", "//")):
            assert url.startswith("http://testserver/"), url
    for tag in re.findall(r"<(?:script|img|link)[^>]*>", body):
        assert "//" not in tag or "http://testserver/" in tag, tag


def test_language_switcher_moves_to_the_prefixed_address(client):
    response = client.post(
        reverse("set_language"), {"language": "ru", "next": "/members/"}, follow=False
    )
    assert response.status_code == 302
    assert response["Location"] == "/ru/members/"
    response = client.get("/ru/members/")
    assert '<html lang="ru"' in response.content.decode()
    assert client.get("/zh-hans/members/").status_code == 200


def test_dashboard_shows_queue_count_for_a_focal_point(client):
    focal = RoleAssignmentFactory(role=Role.FOCAL_POINT).user
    ApplicationFactory()
    client.force_login(focal)
    response = client.get(reverse("dashboard"))
    assert response.context["queue_count"] == 1
    assert "Country focal point, China" in response.content.decode()


def test_dashboard_requires_sign_in(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
