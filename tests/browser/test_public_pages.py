"""Every public page of the address map, with the demo data, in a real
browser: axe-core (WCAG 2.0/2.1 A and AA, best practices) finds nothing at
desktop (1280 px) and phone (390 px) width, and no page scrolls sideways on a
phone. The main tasks work with the keyboard alone: filter the member
directory, switch the language.

The demo data is seeded once for the module and served by a live server of
the module's own (pytest-django's `live_server` empties the database after
every test); what the module wrote is flushed at its end.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from news import demo as news_demo
from tests.htmlcheck import check_pages

from .conftest import DEFAULT_TIMEOUT_MS

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
MAX_TABS = 120
SIGNED_IN_EMAIL = "user@demo.example"

# Name -> address, or a function of the demo data giving the address.
PAGES = {
    "home": "/",
    "news": "/news/",
    "article": lambda: _article_url(),
    "events": "/events/",
    "public meeting": lambda: _public_meeting_url(),
    "members": "/members/",
    "profile": "/members/wwf/",
    "apply (signed in)": "/members/apply/",
    "committee": "/committee/",
    "about": "/about/",
    **{f"about {spec['slug']}": f"/about/{spec['slug']}/" for spec in news_demo.ABOUT_PAGES},
    "working groups": "/working-groups/",
    "group": "/working-groups/joint-survey-monitoring/",
    "activities": "/activities/",
    "activity": lambda: _activity_url(),
    "activity map": "/activities/map/",
    "documents": "/documents/",
    "data": lambda: _data_url(),
    "search": "/search/?q=tiger",
    "login": "/accounts/login/",
    "signup": "/accounts/signup/",
    "not found": "/news/no-such-article/",
    "group in Chinese": "/zh-hans/working-groups/joint-survey-monitoring/",
    "profile in Russian": "/ru/members/wwf/",
}
SIGNED_IN_PAGES = {"apply (signed in)"}
# Pages a script finishes drawing after `load`: axe waits for what it draws, so
# the check sees the same page every run (the map's attribution links included).
DRAWN_BY_SCRIPT = {"activity map": ".leaflet-control-attribution a"}
NOT_FOUND_PAGES = {"not found"}


def _article_url():
    from news.models import Article

    return Article.objects.visible().order_by("-publish_at").first().get_absolute_url()


def _public_meeting_url():
    from meetings.selectors import public_events

    return public_events().order_by("starts_at").first().get_absolute_url()


def _activity_url():
    from activities.models import Activity
    from activities.rules import PUBLIC_STATUSES

    return (
        Activity.objects.filter(status__in=PUBLIC_STATUSES)
        .order_by("pk")
        .first()
        .get_absolute_url()
    )


def _data_url():
    # The monitoring pages: a colleague's app, tested here once it is routed.
    try:
        return reverse("monitoring:index")
    except NoReverseMatch:
        pytest.skip("/data/ is not routed yet")


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, committed, behind a live server of this module's own."""
    from pytest_django.live_server_helper import LiveServer

    folders = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private-media"),
        ALLOWED_HOSTS=["*"],
    )
    folders.enable()
    with django_db_blocker.unblock():
        server = None
        try:
            with override_settings(DEBUG=True):
                call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
            server = LiveServer("localhost")
            yield server
        finally:
            if server is not None:
                server.stop()
            call_command("flush", interactive=False, verbosity=0)
            folders.disable()


@pytest.fixture
def open_page(browser, site, db):
    """A fresh visitor's page on the module's server. The test itself only
    reads (inside `db`'s transaction); signing in goes through the login
    form, so the server writes the session where it can read it back."""
    contexts = []

    def open_page(*, viewport=DESKTOP, signed_in=False):
        context = browser.new_context(base_url=site.url, locale="en-GB", viewport=viewport)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if signed_in:
            from django.conf import settings

            page.goto("/accounts/login/")
            main = page.get_by_role("main")
            main.get_by_label("Email").fill(SIGNED_IN_EMAIL)
            main.get_by_label("Password").fill(settings.DEMO_PASSWORD)
            with page.expect_navigation():
                main.get_by_role("button", name="Sign In", exact=True).click()
            # Signed in: "Sign out" is in the menu (behind its button on a phone).
            expect(page.locator(".account-tools button.link-button")).to_have_text("Sign out")
        return page

    yield open_page
    for context in contexts:
        context.close()


def _path(name):
    target = PAGES[name]
    return target() if callable(target) else target


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_has_no_axe_violations(open_page, axe, name, viewport):
    path = _path(name)
    page = open_page(viewport=VIEWPORTS[viewport], signed_in=name in SIGNED_IN_PAGES)
    response = page.goto(path)
    assert response.status == (404 if name in NOT_FOUND_PAGES else 200), path
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    if name in DRAWN_BY_SCRIPT:
        expect(page.locator(DRAWN_BY_SCRIPT[name]).first).to_be_visible()
    axe(page)
    if viewport == "phone":
        scroll_width, inner_width = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll_width <= inner_width, f"{path} scrolls sideways on a phone"


@pytest.fixture(scope="module")
def html_errors(site, django_db_blocker):
    """Every page of PAGES as the server sends it, checked by the Nu Html
    Checker in one run (tests/htmlcheck.py): {name: [errors]}."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    visitor, member = Client(), Client()
    with django_db_blocker.unblock():
        member.force_login(get_user_model().objects.get(email=SIGNED_IN_EMAIL))
        pages = {
            name: (member if name in SIGNED_IN_PAGES else visitor).get(_path(name))
            for name in PAGES
        }
    for name, response in pages.items():
        assert response.status_code == (404 if name in NOT_FOUND_PAGES else 200), name
    return check_pages({name: response.content.decode() for name, response in pages.items()})


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_public_page_is_valid_html(html_errors, name):
    errors = html_errors[name]
    assert not errors, f"the {name} page is not valid HTML:\n" + "\n".join(errors)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            return {
                id: element.id,
                tag: element.tagName.toLowerCase(),
                text: (element.textContent || "").trim(),
                name: element.getAttribute("name"),
            };
        }"""
    )


def _tab_until(page, matches, what):
    """Press Tab until the focused element `matches`; the elements passed."""
    passed = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if matches(focused):
            return passed
        passed.append(focused)
    pytest.fail(f"{what} never took the focus in {MAX_TABS} presses of Tab")


def _busiest_filter():
    """The country and stakeholder type shared by the most active members
    (a filter that leaves some results, but not all)."""
    from django.db.models import Count

    from stakeholders.selectors import directory_organisations

    row = (
        directory_organisations()
        .values("country__code", "stakeholder_type__slug")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__code")
        .first()
    )
    organisations = directory_organisations().filter(
        country__code=row["country__code"], stakeholder_type__slug=row["stakeholder_type__slug"]
    )
    first = organisations.first()
    return first.country, first.stakeholder_type, sorted(o.name for o in organisations)


def test_filter_the_member_directory_with_the_keyboard_only(open_page):
    country, kind, expected = _busiest_filter()
    page = open_page()
    page.goto("/members/")
    everyone = page.locator(".cards > li").count()
    assert len(expected) < everyone
    # The filters come in their visual order: search, country, type, then the button.
    _tab_until(page, lambda f: f["id"] == "id_q", "the directory's search field")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_country"
    page.keyboard.type(str(country))  # a closed select picks the option typed
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "id_type"
    page.keyboard.type(str(kind))
    page.keyboard.press("Tab")
    assert (_focused(page)["tag"], _focused(page)["text"]) == ("button", "Show")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"country={country.code}" in page.url, page.url
    assert f"type={kind.slug}" in page.url, page.url
    expect(page.get_by_label("Country")).to_have_value(country.code)
    expect(page.get_by_label("Stakeholder type")).to_have_value(kind.slug)
    names = page.locator(".cards > li h2 a").all_inner_texts()
    assert sorted(names) == expected
    # A new page: the first Tab reaches the skip link, which leads to the results.
    _expect_focus_starts_at_the_skip_link(page)


def _expect_focus_starts_at_the_skip_link(page):
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'main'")


def test_switch_the_language_with_the_keyboard_only(open_page):
    page = open_page()
    page.goto("/working-groups/joint-survey-monitoring/")
    passed = _tab_until(page, lambda f: "English" in f["text"], "the language switch")
    # The language switch (one control) comes after the main navigation, before the content.
    assert any(f["text"] == "Working groups" for f in passed)
    assert not any(f["id"] == "main" for f in passed)
    page.keyboard.press("Enter")  # opens the list of languages
    _tab_until(page, lambda f: f["text"] == "Русский", "the Russian language link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/ru/working-groups/joint-survey-monitoring/"), page.url
    assert page.locator("html").get_attribute("lang") == "ru"
    # The closed switch names the current language; its list marks it.
    expect(page.locator(".language-menu > summary")).to_have_text("Язык: Русский")
    expect(page.locator('.language-switcher a[lang="ru"]')).to_have_attribute(
        "aria-current", "true"
    )
    # The mandate is now in Russian: the demo's published translation.
    expect(page.locator("#mandate-title ~ div[lang='ru']")).to_contain_text(
        "Согласовать единые методы"
    )
    _expect_focus_starts_at_the_skip_link(page)
