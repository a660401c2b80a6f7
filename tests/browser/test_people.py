"""People and roles in a real browser: the secretariat finds a focal point on
/people/, ends their role with a reason, and on the focal point's next page
the role no longer works; the people pages pass axe, also on a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from stakeholders import demo
from stakeholders.models import Country, Role
from tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def people(transactional_db):
    demo.seed_vocabulary()
    russia = Country.objects.get(code="RU")
    secretariat = RoleAssignmentFactory(
        role=Role.SECRETARIAT,
        country=None,
        user=UserFactory(email="officer@example.org", full_name="Mi-rae Kim"),
    ).user
    focal = UserFactory(email="focal-ru@example.org", full_name="Ivan Sokolov")
    PersonFactory(
        user=focal,
        organisation=OrganisationFactory(name="Far East Wildlife Agency", country=russia),
    )
    RoleAssignmentFactory(
        role=Role.FOCAL_POINT,
        country=russia,
        user=focal,
        starts_on=datetime.date(2025, 1, 1),
    )
    return secretariat, focal


def test_secretariat_ends_a_focal_points_role_and_it_stops_working(people, new_page, axe):
    secretariat, focal = people

    # The focal point works with the people of their country.
    focal_page = new_page(session_user=focal)
    focal_page.goto("/people/")
    expect(focal_page.get_by_role("heading", level=1)).to_have_text("People and roles")
    expect(
        focal_page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_be_visible()

    # The secretariat finds them and ends the role, saying why.
    office = new_page(session_user=secretariat)
    office.goto("/people/")
    office.get_by_label("Name, email or organisation").fill("Sokolov")
    office.get_by_role("button", name="Show").click()
    expect(office.get_by_role("status")).to_contain_text("1 person")
    axe(office)
    office.get_by_role("link", name="Ivan Sokolov").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Ivan Sokolov")
    axe(office)
    office.get_by_label("Reason for ending the role").fill("Moved to another ministry")
    office.get_by_role("button", name="End the role “Country focal point” today").click()
    expect(office.get_by_text("The role was ended; it no longer grants anything.")).to_be_visible()
    history = office.get_by_role("region", name="History of the roles")
    expect(history).to_contain_text("ended the role “Country focal point, Russian Federation”")
    expect(history).to_contain_text("Reason: “Moved to another ministry”.")
    access = office.get_by_role("region", name="What this person may see and do, and why")
    expect(access).to_contain_text("not in force today, so it grants nothing")

    # The focal point's next page: the people list is refused, its link gone.
    response = focal_page.goto("/people/")
    assert response.status == 403
    expect(
        focal_page.get_by_role("navigation", name="Main").get_by_role("link", name="People")
    ).to_have_count(0)

    # The pages on a phone.
    phone = new_page(session_user=secretariat, viewport=PHONE)
    phone.goto(f"/people/{focal.pk}/")
    axe(phone)
    phone.goto("/people/")
    axe(phone)
