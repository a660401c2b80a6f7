"""Search in a real browser: with the keyboard only, from the header's search
box to a result's page; axe-core finds nothing on the results at desktop and
phone widths."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import OrganisationFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.documents import DocumentFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MAX_TABS = 80


@pytest.fixture
def content(transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    OrganisationFactory(
        slug="amur-tiger-centre",
        name="Amur Tiger Centre",
        acronym="ATC",
        description="Research on <b>tigers</b> and their prey in Primorye & Jilin.",
    )
    for n in range(7):
        OrganisationFactory(name=f"Tiger conservation fund {n}", description="Supports rangers.")
    WorkingGroupFactory(name="Tiger survey group", mandate="Counts tigers in winter snow.")
    ActivityFactory(title="Joint tiger patrol", description="Rangers walk the border together.")
    DocumentFactory(title="Tiger census 2025", description="Camera-trap results.", versions=0)
    ProtectedAreaFactory(name="Hunchun Tiger Reserve", description="Reserve in Jilin.")


def tab_to(page, selector: str) -> None:
    """Press Tab until the element `selector` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement === document.querySelector(s)", selector):
            return
    pytest.fail(f"{selector} never took the focus in {MAX_TABS} presses of Tab")


def test_search_with_the_keyboard_only(content, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/members/")
    tab_to(page, "#site-search")
    expect(page.get_by_role("searchbox", name="Search the portal").first).to_be_focused()
    page.keyboard.type("Tiger")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Tiger$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    expect(page.get_by_role("status").first).to_contain_text("results for “Tiger”")
    expect(page.get_by_role("heading", name=re.compile(r"^Organisations \(8\)"))).to_be_visible()

    first = page.locator(".search-results a").first
    target = first.get_attribute("href")
    assert target == "/members/amur-tiger-centre/"
    tab_to(page, ".search-results a")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amur Tiger Centre")


def test_more_results_of_one_kind_with_the_keyboard(content, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto("/search/?q=tiger")
    more = page.get_by_role("link", name="All 8 results in Organisations")
    tab_to(page, "a[href$='kind=organisations']")
    expect(more).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"kind=organisations"))
    expect(page.locator(".search-results > li")).to_have_count(8)
    expect(page.get_by_label("Look in")).to_have_value("organisations")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_results_have_no_axe_violations(content, new_page, axe, viewport):
    page = new_page(viewport=viewport)
    page.goto("/search/?q=tiger")
    expect(page.locator("mark").first).to_be_visible()
    axe(page)
    # nothing wider than the screen on a phone
    assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]

    page.goto("/search/?q=tiger&kind=organisations")
    axe(page)
    page.goto("/search/?q=%F0%9F%90%AF")  # an emoji only: a message
    expect(page.get_by_role("status").first).to_contain_text("Nothing found")
    axe(page)
    page.goto("/search/")
    expect(page.get_by_role("status").first).to_contain_text("Type a word or two")
    axe(page)
