"""axe-core (WCAG 2.0/2.1 A and AA) finds nothing on the portal's main pages,
in every interface language, and the pages work on a phone."""

import re

import pytest
from playwright.sync_api import expect

from stakeholders import demo
from stakeholders.models import Country, Role, StakeholderType
from tests.factories import ApplicationFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def members(transactional_db):
    demo.seed_vocabulary()
    demo.seed_organisations()


@pytest.mark.parametrize(
    ("path", "language", "shows"),
    [
        ("/", "en", "16"),  # the member count in the figures
        ("/members/", "en", "World Wide Fund for Nature"),
        ("/members/wwf/", "en", "World Wide Fund for Nature (WWF)"),
        ("/accounts/login/", "en", "Sign In"),
        ("/accounts/signup/", "en", "Sign Up"),
        ("/ru/members/", "ru", "World Wide Fund for Nature"),
        ("/zh-hans/members/", "zh-hans", "World Wide Fund for Nature"),
        ("/ru/", "ru", "16"),
        ("/zh-hans/members/wwf/", "zh-hans", "World Wide Fund for Nature (WWF)"),
        ("/ko/", "ko", "16"),
        ("/ko/members/", "ko", "World Wide Fund for Nature"),
        ("/ja/", "ja", "16"),
        ("/ja/members/", "ja", "World Wide Fund for Nature"),
        ("/mn/", "mn", "16"),
        ("/mn/members/", "mn", "World Wide Fund for Nature"),
        ("/data/", "en", "Population estimates"),
    ],
)
def test_public_page_has_no_axe_violations(members, page, axe, path, language, shows):
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    expect(page.get_by_role("main")).to_contain_text(shows)
    axe(page)


def test_application_form_has_no_axe_violations_empty_and_with_errors(members, new_page, axe):
    page = new_page(session_user=UserFactory())
    page.goto("/members/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == "Apply for membership"
    axe(page)

    page.get_by_role("button", name="Send the application").click()
    # A summary takes the focus and links to each field in error...
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Please correct the errors below.")
    motivation = page.get_by_label("Why do you want to join the partnership?")
    summary.get_by_role("link", name="Why do you want to join the partnership?").click()
    expect(motivation).to_be_focused()
    # ...and each error is tied to its field, so a screen reader reads it with the field.
    expect(motivation).to_have_attribute("aria-invalid", "true")
    expect(motivation).to_have_accessible_description("This field is required.")
    expect(page.get_by_label("Organisation name")).to_have_accessible_description(
        "This field is required for a new organisation."
    )
    axe(page)


def test_login_and_signup_errors_have_no_axe_violations(members, page, axe):
    page.goto("/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill("nobody@example.org")
    main.get_by_label("Password").fill("not-the-password")
    main.get_by_role("button", name="Sign In", exact=True).click()
    expect(main).to_contain_text("not correct")
    axe(page)

    page.goto("/accounts/signup/")
    main = page.get_by_role("main")
    # The password rules are the password field's description, not a stray list.
    expect(main.get_by_label(re.compile(r"^Password:?$"))).to_have_accessible_description(
        re.compile("at least 8 characters")
    )
    main.get_by_label("Full name").fill("Anna Petrova")
    main.get_by_label("Email").fill("anna@example.org")
    main.get_by_label(re.compile(r"^Password:?$")).fill("1234")
    main.get_by_label("Password (again)").fill("1234")
    main.get_by_role("button", name="Sign Up", exact=True).click()
    password = main.get_by_label(re.compile(r"^Password:?$"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("too short"))
    axe(page)


def test_reviewer_pages_have_no_axe_violations(members, new_page, axe):
    china = Country.objects.get(code="CN")
    focal_point = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=china).user
    application = ApplicationFactory(
        name="Wangqing Nature Reserve",
        country=china,
        stakeholder_type=StakeholderType.objects.get(slug="protected-area"),
    )
    page = new_page(session_user=focal_point)
    page.goto("/members/applications/")
    axe(page)
    page.goto(application.get_absolute_url())
    axe(page)

    # Rejecting without a reason is an error, shown as accessibly as on the other forms.
    page.get_by_role("group", name="Decision").get_by_label("Reject").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    axe(page)


def test_phone_viewport_no_horizontal_scrolling_and_skip_link(members, new_page):
    page = new_page(viewport=PHONE)
    # six languages in the header switch: none may push the page sideways
    for path in ("/", "/members/", "/ru/members/", "/zh-hans/", "/ko/", "/ja/members/", "/mn/"):
        page.goto(path)
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{path} scrolls sideways on a phone"

    page.goto("/")
    skip_link = page.get_by_role("link", name="Skip to main content")
    assert not _in_viewport(skip_link)
    page.keyboard.press("Tab")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert _in_viewport(skip_link)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")
    assert page.evaluate("() => location.hash") == "#main"


def _in_viewport(locator) -> bool:
    return locator.evaluate(
        """element => {
            const box = element.getBoundingClientRect();
            return box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
                && box.left < window.innerWidth && box.top < window.innerHeight;
        }"""
    )
