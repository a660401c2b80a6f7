"""Rich text with scripts, event handlers or javascript: links is stored and
shown without them: articles, their translations and the about pages, saved
through the site form, the services or the admin, and even rows written
around all of them (they are sanitised again when shown). Titles and
summaries are plain text, escaped."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from common.sanitize import RICH_TEXT_TAGS as ALLOWED_TAGS
from news import services
from news.models import AboutPage, AboutPageTranslation, Article, ArticleTranslation
from tests.factories.news import (
    AboutPageFactory,
    AboutPageTranslationFactory,
    ArticleFactory,
    ArticleTranslationFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p onclick="alert(1)">text</p>',
    '<a href="#" onmouseover="alert(1)">hover</a>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '"><script>alert(1)</script>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<a href="https://example.org/" target="_blank" onfocus="alert(1)" autofocus>ok</a>',
]
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class Checker(HTMLParser):
    """Collects every tag, attribute and link in a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in ("href", "rel"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if (
                name == "href"
                and urlsplit((value or "").strip()).scheme.lower() not in SAFE_SCHEMES
            ):
                self.problems.append(f"link {value!r}")

    handle_startendtag = handle_starttag


def assert_harmless(html: str):
    checker = Checker()
    checker.feed(html)
    checker.close()
    assert not checker.problems, (checker.problems, html)
    assert "<script" not in html.lower()


def rich_text_of(response) -> str:
    html = response.content.decode()
    match = re.search(
        r'<div class="rich-text" lang="[^"]+">(.*?)</div>\s*(?:<p class="meta">|</article>)',
        html,
        re.S,
    )
    assert match, html
    return match.group(1)


@pytest.fixture
def staff_client(client, staff_cn):
    client.force_login(staff_cn)
    return client


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_site_form_stores_and_shows_the_text_without_what_runs(
    staff_client, centre_cn, payload
):
    response = staff_client.post(
        reverse("news:new"),
        {
            "title": "A report",
            "summary": "What happened.",
            "body": f"<p>Before</p>{payload}<p>After</p>",
            "author_centre": centre_cn.pk,
            "status": "published",
        },
    )
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get()
    assert_harmless(article.body)
    assert "<p>Before</p>" in article.body
    page = staff_client.get(article.get_absolute_url())
    assert_harmless(rich_text_of(page))
    assert "<script" not in page.content.decode().lower()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_translations_and_about_pages_are_stored_without_what_runs(centre_cn, payload):
    article = services.article_create(
        by=None,
        fields={
            "title": "A report",
            "summary": "What happened.",
            "body": payload,
            "author_centre": centre_cn,
            "status": "published",
        },
    )
    translation = ArticleTranslation(
        article=article, language="ru", title="Отчёт", summary="Что было.", body=payload
    )
    translation.full_clean()
    about = AboutPage(slug="goals", title="Goals", body=payload)
    about.full_clean()
    about.save()
    about_translation = AboutPageTranslation(
        page=about, language="zh-hans", title="目标", body=payload
    )
    about_translation.full_clean()
    for text in (article.body, translation.body, about.body, about_translation.body):
        assert_harmless(text)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rows_written_around_the_services_are_still_shown_safe(client, centre_cn, payload):
    article = ArticleFactory(slug="raw", author_centre=centre_cn)
    Article.objects.filter(pk=article.pk).update(body=payload)  # no clean() ran
    ArticleTranslationFactory(article=article, language="ru")
    ArticleTranslation.objects.filter(article=article).update(body=payload)
    page = AboutPageFactory(slug="raw-page")
    AboutPage.objects.filter(pk=page.pk).update(body=payload)
    AboutPageTranslationFactory(page=page, language="zh-hans")
    AboutPageTranslation.objects.filter(page=page).update(body=payload)

    for url in ("/news/raw/", "/ru/news/raw/", "/about/raw-page/", "/zh-hans/about/raw-page/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_harmless(rich_text_of(response))
        assert "<script" not in response.content.decode().lower()


def test_titles_and_summaries_are_plain_text(client, centre_cn):
    ArticleFactory(
        slug="plain",
        author_centre=centre_cn,
        title='<script>alert("title")</script>',
        summary='<img src=x onerror=alert("summary")>',
    )
    for url in ("/news/plain/", "/news/", "/news/feed/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;"
        in client.get("/news/plain/").content.decode()
    )


def test_links_keep_their_address_and_get_a_safe_rel(client, centre_cn):
    article = services.article_create(
        by=None,
        fields={
            "title": "Links",
            "summary": "Links.",
            "body": '<p><a href="https://example.org/report">report</a> and '
            '<a href="/members/apply/">apply</a></p>',
            "author_centre": centre_cn,
            "status": "published",
        },
    )
    assert (
        '<a href="https://example.org/report" rel="noopener noreferrer nofollow">' in article.body
    )
    assert '<a href="/members/apply/" rel="noopener noreferrer nofollow">apply</a>' in article.body


@pytest.mark.django_db(transaction=True)
def test_the_admin_stores_articles_translations_and_about_pages_sanitised(client, centre_cn):
    from stakeholders.models import Role
    from tests.factories import RoleAssignmentFactory

    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    corpus = "".join(PAYLOADS)
    response = client.post(
        reverse("admin:news_article_add"),
        {
            "title": "From the admin",
            "slug": "from-the-admin",
            "language": "en",
            "summary": "Summary.",
            "body": f"<p>Kept</p>{corpus}",
            "lead_image_alt": "",
            "author_centre": centre_cn.pk,
            "status": "published",
            "publish_at_0": "2025-12-19",
            "publish_at_1": "12:00:00",
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
            "translations-0-language": "ru",
            "translations-0-source_language": "en",
            "translations-0-status": "published",
            "translations-0-title": "Из админки",
            "translations-0-summary": "Кратко.",
            "translations-0-body": corpus,
        },
    )
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get(slug="from-the-admin")
    assert article.created_by == staff
    assert "<p>Kept</p>" in article.body
    assert_harmless(article.body)
    assert_harmless(article.translations.get().body)

    response = client.post(
        reverse("admin:news_aboutpage_add"),
        {
            "title": "Goals",
            "slug": "goals",
            "language": "en",
            "summary": "",
            "body": corpus,
            "position": "1",
            "status": "published",
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
            "translations-0-language": "ru",
            "translations-0-source_language": "en",
            "translations-0-status": "draft",
            "translations-0-title": "Цели",
            "translations-0-summary": "",
            "translations-0-body": corpus,
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = AboutPage.objects.get(slug="goals")
    assert_harmless(page.body)
    assert_harmless(page.translations.get().body)
