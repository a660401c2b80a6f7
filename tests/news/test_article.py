"""An article's page: its text in the reader's language (or the fallback
chain's, with a note), links to its other languages, hreflang alternates and
a canonical link in the head, OpenGraph and Twitter tags with the lead image,
related articles, a friendly 404 for what is not out, and a fixed number of
queries."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from news.models import Article
from tests.factories.activities_extra import png_bytes
from tests.factories.news import ArticleFactory, ArticleTranslationFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(centre_cn):
    article = ArticleFactory(
        slug="harbin-consensus-2019",
        title="Harbin Consensus",
        summary="Seven lines of joint action.",
        body="<p>Tigers and leopards are flagship species.</p>",
        author_centre=centre_cn,
    )
    ArticleTranslationFactory(
        article=article,
        language="zh-hans",
        title="哈尔滨共识",
        summary="七项共同行动。",
        body="<p>虎和豹是旗舰物种。</p>",
    )
    ArticleTranslationFactory(
        article=article,
        language="ru",
        status="draft",
        title="Черновик консенсуса",
        summary="Черновик.",
        body="<p>Черновик перевода.</p>",
    )
    return article


def head(response) -> str:
    return response.content.decode().split("</head>")[0]


def test_the_original_for_english_readers_with_links_to_the_other_languages(client, article):
    response = client.get("/news/harbin-consensus-2019/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="article-title" lang="en">Harbin Consensus</h1>' in html
    assert "<p>Tigers and leopards are flagship species.</p>" in html
    assert "is not available in" not in html
    assert 'href="/zh-hans/news/harbin-consensus-2019/" lang="zh-hans"' in html
    assert 'rel="canonical" href="http://testserver/news/harbin-consensus-2019/"' in head(response)


def test_a_published_translation_for_its_language(client, article):
    response = client.get("/zh-hans/news/harbin-consensus-2019/")
    html = response.content.decode()
    assert 'lang="zh-hans">哈尔滨共识</h1>' in html
    assert "<p>虎和豹是旗舰物种。</p>" in html
    assert "is not available" not in html
    assert 'href="/news/harbin-consensus-2019/" lang="en"' in html
    assert 'rel="canonical" href="http://testserver/zh-hans/news/harbin-consensus-2019/"' in html
    assert '<meta property="og:locale" content="zh_CN">' in head(response)
    assert '<meta property="og:locale:alternate" content="en_GB">' in head(response)


def test_a_draft_translation_is_never_shown_the_english_follows_with_a_note(client, article):
    response = client.get("/ru/news/harbin-consensus-2019/")
    html = response.content.decode()
    assert "Черновик" not in html
    assert 'lang="en">Harbin Consensus</h1>' in html
    note = re.search(r'<p class="message message-warning" role="note">(.*?)</p>', html, re.S)
    assert note is not None
    assert "English" in note.group(1)
    # the canonical page of what is shown is the English one
    assert 'rel="canonical" href="http://testserver/news/harbin-consensus-2019/"' in html
    # and the languages offered are those with published text only
    assert 'hreflang="ru" href="http://testserver/ru/' in head(response)  # the base layout's
    with translation.override("ru"):
        label = gettext("Languages of this text")
    languages = re.search(rf'aria-label="{label}">(.*?)</nav>', html, re.S).group(1)
    assert "Русский" not in languages
    assert "简体中文" in languages


def test_mongolian_readers_get_russian_then_english_by_the_chain(client, article):
    # the Russian translation is a draft: Mongolian falls through Russian to English
    response = client.get("/news/harbin-consensus-2019/?lang=mn")
    assert 'lang="en">Harbin Consensus</h1>' in response.content.decode()
    assert "Монгол" in response.content.decode()  # the note names the language asked for
    russian = article.translations.get(language="ru")
    russian.status = "published"
    russian.title = "Харбинский консенсус"
    russian.save()
    response = client.get("/news/harbin-consensus-2019/?lang=mn")
    html = response.content.decode()
    assert 'lang="ru">Харбинский консенсус</h1>' in html
    assert re.search(r'role="note">[^<]*Монгол[^<]*Русский', html)
    assert 'rel="canonical" href="http://testserver/ru/news/harbin-consensus-2019/"' in html


def test_a_korean_translation_is_linked_at_its_korean_address(client, article):
    ArticleTranslationFactory(
        article=article, language="ko", title="하얼빈 합의", summary="일곱 가지 공동 행동."
    )
    english = client.get("/news/harbin-consensus-2019/")
    assert 'href="/ko/news/harbin-consensus-2019/" lang="ko"' in english.content.decode()
    assert (
        '<link rel="alternate" hreflang="ko" href="http://testserver/ko/news/harbin-consensus-2019/">'
    ) in head(english)
    korean = client.get("/ko/news/harbin-consensus-2019/")
    assert 'lang="ko">하얼빈 합의</h1>' in korean.content.decode()
    assert '<html lang="ko"' in korean.content.decode()
    japanese = client.get("/ja/news/harbin-consensus-2019/")  # ja -> en, with a note
    assert 'lang="en">Harbin Consensus</h1>' in japanese.content.decode()
    assert 'role="note"' in japanese.content.decode()


def test_open_graph_and_twitter_tags_carry_the_lead_image(client, article):
    article.lead_image = SimpleUploadedFile("tiger.png", png_bytes((40, 20)), "image/png")
    article.lead_image_alt = "A tiger crossing a forest road at dusk"
    article.save()
    response = client.get("/news/harbin-consensus-2019/")
    tags = head(response)
    image = re.search(r'<meta property="og:image" content="([^"]+)">', tags).group(1)
    assert image.startswith("http://testserver/media/news/harbin-consensus-2019")
    assert '<meta property="og:image:alt" content="A tiger crossing a forest road at dusk">' in tags
    assert '<meta property="og:image:width" content="40">' in tags
    assert '<meta property="og:title" content="Harbin Consensus">' in tags
    assert '<meta property="og:type" content="article">' in tags
    assert '<meta name="twitter:card" content="summary_large_image">' in tags
    assert f'<meta name="twitter:image" content="{image}">' in tags
    assert '<meta property="article:published_time"' in tags
    html = response.content.decode()
    assert 'alt="A tiger crossing a forest road at dusk" width="40" height="20"' in html


def test_without_an_image_the_card_is_a_summary(client, article):
    tags = head(client.get("/news/harbin-consensus-2019/"))
    assert '<meta name="twitter:card" content="summary">' in tags
    assert "og:image" not in tags


def test_related_articles_share_topics_or_countries_best_match_first(
    client, centre_cn, centre_ru, china, russia
):
    patrols, survey = TopicFactory(slug="patrols"), TopicFactory(slug="survey")
    now = timezone.now()
    this = ArticleFactory(
        title="This one", author_centre=centre_cn, topics=[patrols, survey], countries=[china]
    )
    ArticleFactory(
        title="Shares one topic",
        author_centre=centre_ru,
        topics=[survey],
        publish_at=now - datetime.timedelta(hours=1),
    )
    ArticleFactory(
        title="Shares everything",
        author_centre=centre_ru,
        topics=[patrols, survey],
        countries=[china],
        publish_at=now - datetime.timedelta(days=30),
    )
    ArticleFactory(title="Shares the country", author_centre=centre_ru, countries=[china])
    ArticleFactory(title="Unrelated", author_centre=centre_ru, countries=[russia])
    ArticleFactory(
        title="Related but a draft",
        author_centre=centre_cn,
        topics=[patrols],
        status=Article.Status.DRAFT,
        publish_at=None,
    )
    response = client.get(this.get_absolute_url())
    related = [card.title for card in response.context["related"]]
    assert related == ["Shares everything", "Shares one topic", "Shares the country"]


def test_an_unknown_slug_and_an_unpublished_article_are_a_friendly_404(client, centre_cn):
    draft = ArticleFactory(author_centre=centre_cn, status=Article.Status.DRAFT, publish_at=None)
    later = ArticleFactory(
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    for url in ("/news/no-such-article/", draft.get_absolute_url(), later.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()  # the site's page


def test_editors_preview_a_draft_others_do_not(client, centre_cn, staff_cn, centre_ru):
    draft = ArticleFactory(
        title="Draft of the centre", author_centre=centre_cn, status="draft", publish_at=None
    )
    client.force_login(staff_cn)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()
    other = ArticleFactory(author_centre=centre_ru, status="draft", publish_at=None)
    assert client.get(other.get_absolute_url()).status_code == 404


def test_the_article_page_runs_a_fixed_number_of_queries(client, centre_cn, china):
    topic = TopicFactory(slug="survey")
    this = ArticleFactory(author_centre=centre_cn, topics=[topic], countries=[china])
    ArticleTranslationFactory(article=this, language="ru")

    def add(count):
        for _ in range(count):
            other = ArticleFactory(author_centre=centre_cn, topics=[topic], countries=[china])
            ArticleTranslationFactory(article=other, language="ru")

    add(5)
    url = "/ru" + this.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(45)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["related"]) == 3
    assert len(small) == len(large), (len(small), len(large))
    assert len(small) <= 7, len(small)
