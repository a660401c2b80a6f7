"""The header on a phone (390 × 844): the brand, one menu button, one
compact language switch and the search take at most a fifth of the screen;
the menu opens by keyboard, and without JavaScript too; axe finds nothing
with the menu closed or open. On a wide screen the menu is simply shown."""

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

from .conftest import DEFAULT_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
FIFTH_OF_A_PHONE = 844 / 5  # 168.8 px


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def _main_nav(page):
    return page.get_by_role("navigation", name="Main")


@pytest.mark.parametrize("path", ["/", "/ru/", "/zh-hans/working-groups/", "/mn/"])
def test_the_phone_header_takes_at_most_a_fifth_of_the_screen(new_page, axe, path):
    page = new_page(viewport=PHONE)
    page.goto(path)
    height = _header_height(page)
    print(f"header height at 390x844 on {path}: {height:.0f} px")
    assert height <= FIFTH_OF_A_PHONE, height
    # Search and the language switch are in that fifth; the menu is closed.
    expect(page.get_by_role("searchbox")).to_be_visible()
    assert page.get_by_role("searchbox").bounding_box()["y"] < height
    language = page.locator(".language-menu > summary")
    expect(language).to_have_count(1)
    expect(language).to_be_visible()
    expect(_main_nav(page)).to_be_hidden()
    axe(page)


def test_the_menu_opens_and_closes_by_keyboard(new_page, axe, live_server):
    user = UserFactory(email="member@example.org")
    page = new_page(viewport=PHONE, session_user=user)
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.site-menu > summary')"):
            break
    else:
        pytest.fail("the menu button never took the focus")
    page.keyboard.press("Enter")
    nav = _main_nav(page)
    expect(nav).to_be_visible()
    expect(page.locator(".site-menu")).to_have_attribute("open", "")
    # The menu drops down over the page: the header itself does not grow.
    assert _header_height(page) <= FIFTH_OF_A_PHONE
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "News"
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    axe(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the button again: closed
    expect(nav).to_be_hidden()


def test_the_language_switch_opens_by_keyboard_and_switches(new_page, axe):
    page = new_page(viewport=PHONE)
    page.goto("/working-groups/")
    summary = page.locator(".language-menu > summary")
    expect(summary).to_have_text("Language: English")
    summary.focus()
    page.keyboard.press("Space")
    switcher = page.get_by_role("navigation", name="Language")
    expect(switcher).to_be_visible()
    expect(switcher.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    axe(page)
    page.keyboard.press("Tab")  # English
    page.keyboard.press("Tab")  # 简体中文
    page.keyboard.press("Tab")  # Русский
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/ru/working-groups/"), page.url
    expect(page.locator(".language-menu > summary")).to_have_text("Язык: Русский")


def test_without_javascript_the_menu_still_opens(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=PHONE, java_script_enabled=False
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto("/")
        nav = _main_nav(page)
        expect(nav).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(nav).to_be_visible()
        nav.get_by_role("link", name="Working groups").click()
        page.wait_for_url("**/working-groups/")
    finally:
        context.close()


def test_on_a_wide_screen_the_menu_is_simply_shown(new_page, axe):
    page = new_page(viewport=DESKTOP)
    page.goto("/")
    expect(_main_nav(page)).to_be_visible()
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert _header_height(page) < 140
    axe(page)
