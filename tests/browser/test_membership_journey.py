"""The membership journey in a real browser: a visitor signs up, confirms their
email, applies for a new organisation in China; the Russian focal point cannot
see the application, the Chinese one approves it, and the organisation is in
the public directory.

Locators go by role and label, so the test also proves the pages' labels."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from stakeholders import demo
from stakeholders.models import Country, MembershipApplication, Organisation, Role
from tests.factories import PASSWORD, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

APPLICANT_EMAIL = "anna.petrova@amur-tiger.example"
APPLICANT_PASSWORD = "stripes-in-the-snow-2024"
ORGANISATION = "Wangqing Tiger Monitoring Station"


@pytest.fixture
def focal_points(transactional_db):
    demo.seed_vocabulary()
    china = RoleAssignmentFactory(
        role=Role.FOCAL_POINT,
        country=Country.objects.get(code="CN"),
        user=UserFactory(email="focal-cn@example.org", full_name="Li Wei"),
    ).user
    russia = RoleAssignmentFactory(
        role=Role.FOCAL_POINT,
        country=Country.objects.get(code="RU"),
        user=UserFactory(email="focal-ru@example.org", full_name="Ivan Sokolov"),
    ).user
    return china, russia


def sign_in(page, email, password):
    page.goto("/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(password)
    main.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_visitor_signs_up_applies_and_the_focal_point_approves(focal_points, new_page, axe):
    focal_cn, focal_ru = focal_points

    # A new visitor signs up...
    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_role("banner").get_by_role("link", name="Sign up").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Sign Up")
    form = visitor.get_by_role("main")
    form.get_by_label("Full name").fill("Anna Petrova")
    form.get_by_label("Email").fill(APPLICANT_EMAIL)
    form.get_by_label(re.compile(r"^Password:?$")).fill(APPLICANT_PASSWORD)
    form.get_by_label("Password (again)").fill(APPLICANT_PASSWORD)
    form.get_by_role("button", name="Sign Up", exact=True).click()
    expect(visitor).to_have_url(re.compile(r"/accounts/confirm-email/$"))

    # ...reads the confirmation email and confirms the address.
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == [APPLICANT_EMAIL]
    link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s]+/", confirmation.body)
    assert link, confirmation.body
    visitor.goto(link.group(0))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    axe(visitor)
    visitor.get_by_role("main").get_by_role("button", name="Confirm").click()
    # Confirming in the session that signed up signs the visitor in.
    expect(visitor.get_by_role("button", name="Sign out")).to_be_visible()

    # The visitor applies for a new organisation in China.
    visitor.get_by_role("navigation", name="Main").get_by_role("link", name="Join").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Apply for membership")
    visitor.get_by_label("a new organisation").check()
    visitor.get_by_label("Organisation name").fill(ORGANISATION)
    visitor.get_by_label("Country").select_option(label="China")
    visitor.get_by_label("Stakeholder type").select_option(label="Protected-area administration")
    visitor.get_by_label("Your position").fill("Head of monitoring")
    visitor.get_by_label("Why do you want to join the partnership?").fill(
        "We run camera traps along the border and want to share the data."
    )
    visitor.get_by_role("button", name="Send the application").click()
    expect(visitor.get_by_role("status")).to_contain_text(
        "Thank you. Your application was sent; we will email you the decision."
    )
    expect(visitor.get_by_role("heading", level=1)).to_have_text(f"Application: {ORGANISATION}")
    axe(visitor)
    application = MembershipApplication.objects.get(name=ORGANISATION)
    assert application.applicant.email == APPLICANT_EMAIL
    assert application.is_pending
    application_url = application.get_absolute_url()

    # The Russian focal point cannot see it: it is outside their country.
    russia = new_page()
    sign_in(russia, focal_ru.email, PASSWORD)
    assert russia.goto(application_url).status == 404
    russia.goto("/members/applications/")
    expect(russia.get_by_role("heading", name="For your decision")).to_be_visible()
    expect(russia.get_by_role("main")).not_to_contain_text(ORGANISATION)

    # The Chinese focal point approves it.
    china = new_page()
    sign_in(china, focal_cn.email, PASSWORD)
    china.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    expect(china.get_by_role("heading", level=1)).to_have_text("Membership applications")
    china.get_by_role("link", name=ORGANISATION).click()
    expect(china).to_have_url(re.compile(re.escape(application_url) + "$"))
    axe(china)
    decision = china.get_by_role("group", name="Decision")
    decision.get_by_label("Approve").check()
    china.get_by_role("button", name="Record the decision").click()
    expect(china.get_by_role("status")).to_contain_text(
        f"Approved: {ORGANISATION} is an active member and the applicant was told."
    )

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == focal_cn
    organisation = Organisation.objects.get(name=ORGANISATION)

    # The organisation is in the public directory, and its profile opens.
    public = new_page()
    public.goto("/members/")
    public.get_by_role("link", name=ORGANISATION).click()
    expect(public).to_have_url(re.compile(re.escape(organisation.get_absolute_url()) + "$"))
    expect(public.get_by_role("heading", level=1)).to_have_text(ORGANISATION)
    expect(public.get_by_role("complementary")).to_contain_text("China")

    # The applicant was emailed the decision.
    decisions = [message for message in mail.outbox if message.to == [APPLICANT_EMAIL]][1:]
    assert len(decisions) == 1
    assert "approved" in decisions[0].subject
    assert organisation.get_absolute_url() in decisions[0].body
