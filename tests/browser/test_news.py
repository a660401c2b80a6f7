"""News and the about pages in a real browser: read the news with the
keyboard only, and axe-core finds nothing on the news list, an article (also
shown in a fallback language, with its note), the about index and an about
page, at desktop and phone width, without sideways scrolling on a phone."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from activities import demo as activities_demo
from news import demo as news_demo
from stakeholders import demo as stakeholders_demo

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_TABS = 80
NEWEST = "Tiger and leopard numbers grow on both sides of the border"


@pytest.fixture
def news(transactional_db):
    stakeholders_demo.seed_vocabulary()
    stakeholders_demo.seed_organisations()
    activities_demo.seed_centres()
    news_demo.seed(password=None, with_accounts=False)


def tab_to(page, name):
    """Press Tab until the link named `name` has the focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == name:
            return
    pytest.fail(f"the link {name!r} never took the focus in {MAX_TABS} presses of Tab")


def test_read_the_news_with_the_keyboard_only(news, page):
    page.goto("/news/")
    tab_to(page, NEWEST)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/news/')[0]}/news/tiger-and-leopard-numbers-grow/")
    expect(page.get_by_role("heading", level=1)).to_have_text(NEWEST)
    expect(page.get_by_role("main")).to_contain_text("27 tigers and 42 leopards")
    # on to a related article, still with the keyboard
    related = page.get_by_role("complementary").locator(".cards a").first
    name = related.inner_text().strip()
    tab_to(page, name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/news/", "News"),
        ("/news/?topic=monitoring&country=CN", "News on Survey and monitoring"),
        ("/news/harbin-consensus-2019/", "Harbin Consensus"),
        ("/zh-hans/news/harbin-consensus-2019/", "哈尔滨共识"),
        ("/ru/news/harbin-consensus-2019/", "Harbin Consensus"),  # English, with the note
        ("/news/joint-patrols-guard-the-border-forest/?lang=mn", "Совместное патрулирование"),
        ("/about/", "About the partnership"),
        ("/about/goals/", "Goals"),
        ("/ru/about/goals/", "Цели"),
    ],
)
def test_news_and_about_pages_have_no_axe_violations(news, new_page, axe, viewport, path, heading):
    page = new_page(viewport=viewport)
    response = page.goto(path)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    axe(page)
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{path} scrolls sideways at {viewport['width']} px"


def test_the_fallback_note_and_the_other_languages_are_announced(news, page):
    page.goto("/ru/news/harbin-consensus-2019/")
    expect(page.get_by_role("note")).to_contain_text("English")
    with translation.override("ru"):
        label = gettext("Languages of this text")
    languages = page.get_by_role("navigation", name=label)
    expect(languages.get_by_role("link", name="简体中文")).to_have_attribute(
        "href", "/zh-hans/news/harbin-consensus-2019/"
    )
