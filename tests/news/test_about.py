"""The pages about the partnership: written by the secretariat (not in the
templates), listed in their order on /about/, each in the reader's language
when a published translation exists, with the fallback note, links to the
other languages and hreflang alternates; drafts and unknown pages are a 404."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.news import AboutPageFactory, AboutPageTranslationFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_published_pages_in_their_order(client):
    AboutPageFactory(slug="join", title="How to join", position=40)
    AboutPageFactory(slug="goals", title="Goals", position=10, summary="The three Cs.")
    AboutPageFactory(slug="secret", title="Not ready", status="draft")
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Goals") < html.index("How to join")
    assert "The three Cs." in html
    assert "Not ready" not in html
    assert '<link rel="canonical" href="http://testserver/about/">' in html


def test_a_page_in_the_readers_language_or_the_english_with_a_note(client):
    page = AboutPageFactory(slug="goals", title="Goals", body="<p>Communication first.</p>")
    AboutPageFactory(slug="join", title="How to join")
    AboutPageTranslationFactory(
        page=page, language="ru", title="Цели", body="<p>Сначала коммуникация.</p>"
    )
    AboutPageTranslationFactory(
        page=page, language="zh-hans", title="目标草稿", status="draft", body="<p>草稿</p>"
    )
    russian = client.get("/ru/about/goals/").content.decode()
    assert 'lang="ru">Цели</h1>' in russian
    assert "<p>Сначала коммуникация.</p>" in russian
    assert 'role="note"' not in russian
    assert 'aria-current="page"' in russian  # the page in the side navigation
    chinese = client.get("/zh-hans/about/goals/").content.decode()
    assert "目标草稿" not in chinese and "草稿" not in chinese
    assert 'lang="en">Goals</h1>' in chinese
    assert 'role="note"' in chinese
    assert '<link rel="canonical" href="http://testserver/about/goals/">' in chinese
    assert 'href="/ru/about/goals/" lang="ru"' in chinese
    mongolian = client.get("/about/goals/?lang=mn").content.decode()
    assert 'lang="ru">Цели</h1>' in mongolian  # Mongolian falls back to Russian


def test_a_japanese_translation_is_linked_at_its_japanese_address(client):
    page = AboutPageFactory(slug="goals")
    AboutPageTranslationFactory(page=page, language="ja", title="目標")
    html = client.get("/about/goals/").content.decode()
    assert '<a href="/ja/about/goals/" lang="ja" hreflang="ja">日本語</a>' in html
    head = html.split("</head>")[0]
    assert '<link rel="alternate" hreflang="ja" href="http://testserver/ja/about/goals/">' in head
    japanese = client.get("/ja/about/goals/").content.decode()
    assert '<h1 id="page-title" lang="ja">目標</h1>' in japanese


def test_drafts_and_unknown_pages_are_a_404(client):
    AboutPageFactory(slug="structure", status="draft")
    assert client.get("/about/structure/").status_code == 404
    response = client.get("/about/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_an_about_page_runs_a_fixed_number_of_queries(client):
    page = AboutPageFactory(slug="goals")
    AboutPageTranslationFactory(page=page, language="ru")
    client.get("/ru/about/goals/")
    with CaptureQueriesContext(connection) as small:
        client.get("/ru/about/goals/")
    for _ in range(10):
        AboutPageTranslationFactory(page=AboutPageFactory(), language="ru")
    with CaptureQueriesContext(connection) as large:
        client.get("/ru/about/goals/")
    assert len(small) == len(large) <= 3
