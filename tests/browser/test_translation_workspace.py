"""The issue's journey in a real browser: the Russian information centre's
staff (centre-ru@demo.example) translate the Chinese centre's article into
Russian in the translation workspace and publish it; a Russian visitor on a
phone finds it by a Russian word in search and reads it in Russian. axe-core
finds nothing on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

TITLE = "Международный форум в Харбине по сохранению амурского тигра и леопарда"
SUMMARY = (
    "Международный форум по сохранению амурского тигра и дальневосточного леопарда "
    "прошёл в Харбине 24–25 октября 2018 года."
)
BODY = (
    "Международный форум по сохранению амурского тигра и дальневосточного леопарда прошёл "
    "в Харбине 24–25 октября 2018 года.\n\n"
    "Участники обсудили восстановление местообитаний и трансграничную охрану."
)


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def _fill(page, label, value):
    """Fill a field by its label: the plain text area, or the rich-text
    editor where one replaces it."""
    field = page.get_by_label(label)
    field.fill(value)


def test_russian_centre_staff_translate_and_a_russian_visitor_finds_it(demo, new_page, axe):
    translator = get_user_model().objects.get(email="centre-ru@demo.example")
    page = new_page(viewport=DESKTOP, session_user=translator)
    page.goto("/ru/translations/?kind=article")
    expect(page.get_by_role("heading", level=1)).to_have_text("Переводы")
    axe(page)
    page.get_by_role("link", name=re.compile("International forum in Harbin")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("International forum in Harbin")
    # the original beside the form
    expect(page.locator(".original-text")).to_contain_text("Zheng Huaiyu")
    axe(page)
    _fill(page, "Название, перевод", TITLE)
    _fill(page, "Краткое описание, перевод", SUMMARY)
    _fill(page, "Текст, перевод", BODY)
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.locator(".messages")).to_contain_text("Перевод опубликован")
    expect(page.locator(".badge").first).to_have_text("Актуален")

    visitor = new_page(viewport=PHONE)
    visitor.goto("/ru/")
    search_box = visitor.locator("#site-search")
    search_box.fill("леопарда")
    search_box.press("Enter")
    visitor.wait_for_url(re.compile(r"/ru/search/\?q="))
    result = visitor.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(result).to_have_attribute("lang", "ru")
    axe(visitor)
    result.click()
    visitor.wait_for_url(re.compile(r"/ru/news/harbin-forum-2018/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    axe(visitor)
