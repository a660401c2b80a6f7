"""The news feeds (RSS 2.0 and Atom, of all news and of a topic) are read by
feedparser without errors, list what is out and nothing else, newest first,
in the language of the address."""

import datetime
import html
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.factories.news import ArticleFactory, ArticleTranslationFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(centre_cn, centre_ru):
    now = timezone.now()
    patrols = TopicFactory(slug="anti-poaching", name="Anti-poaching")
    survey = TopicFactory(slug="monitoring", name="Survey and monitoring")
    joint = ArticleFactory(
        slug="joint-patrols",
        title="Joint patrols guard the border forest",
        summary="Rangers on both sides & their cameras <one forest>.",
        author_centre=centre_ru,
        topics=[patrols, survey],
        publish_at=now - datetime.timedelta(days=1),
    )
    ArticleTranslationFactory(
        article=joint, language="ru", title="Совместное патрулирование охраняет лес"
    )
    ArticleTranslationFactory(
        article=joint, language="zh-hans", status="draft", title="联合巡护草稿"
    )
    ArticleFactory(
        slug="numbers-grow",
        title="Tiger and leopard numbers grow",
        author_centre=centre_cn,
        topics=[survey],
        publish_at=now - datetime.timedelta(hours=2),
    )
    ArticleFactory(title="A draft", author_centre=centre_cn, status="draft", publish_at=None)
    ArticleFactory(
        title="Tomorrow's news",
        author_centre=centre_cn,
        topics=[survey],
        status=Article.Status.SCHEDULED,
        publish_at=now + datetime.timedelta(days=1),
    )


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def test_rss_lists_what_is_out_newest_first(client, news):
    response, feed = parse(client, reverse("news:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [
        "Tiger and leopard numbers grow",
        "Joint patrols guard the border forest",
    ]
    entry = feed.entries[1]
    assert urlsplit(entry.link).path == "/news/joint-patrols/"
    assert urlsplit(entry.link).netloc == urlsplit(settings.SITE_URL).netloc  # the site's address
    # the summary is plain text, carried as HTML: it reads back the same
    assert html.unescape(entry.summary) == "Rangers on both sides & their cameras <one forest>."
    assert {tag.term for tag in entry.tags} == {"Anti-poaching", "Survey and monitoring"}
    assert entry.published_parsed is not None
    assert urlsplit(feed.feed.link).path == "/news/"


def test_atom_reads_the_same(client, news):
    response, feed = parse(client, reverse("news:atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10"
    assert [entry.title for entry in feed.entries] == [
        "Tiger and leopard numbers grow",
        "Joint patrols guard the border forest",
    ]
    assert feed.entries[1].author == "Far East Department of Environmental Control"
    assert feed.entries[1].updated_parsed is not None
    assert feed.feed.subtitle


@pytest.mark.parametrize("kind", ["topic_feed", "topic_atom"])
def test_a_feed_per_topic(client, news, kind):
    _response, feed = parse(client, reverse(f"news:{kind}", kwargs={"slug": "anti-poaching"}))
    assert [entry.title for entry in feed.entries] == ["Joint patrols guard the border forest"]
    assert "Anti-poaching" in feed.feed.title
    _response, feed = parse(client, reverse(f"news:{kind}", kwargs={"slug": "monitoring"}))
    assert len(feed.entries) == 2  # not tomorrow's


def test_an_unknown_topic_has_no_feed(client, news):
    assert client.get(reverse("news:topic_feed", kwargs={"slug": "nothing"})).status_code == 404


def test_the_russian_feed_has_the_published_russian_titles(client, news):
    _response, feed = parse(client, "/ru/news/feed/")
    assert [entry.title for entry in feed.entries] == [
        "Tiger and leopard numbers grow",
        "Совместное патрулирование охраняет лес",
    ]
    assert urlsplit(feed.entries[1].link).path == "/ru/news/joint-patrols/"
    assert feed.feed.language == "ru"
    _response, chinese = parse(client, "/zh-hans/news/atom/")
    assert "联合巡护草稿" not in {entry.title for entry in chinese.entries}  # drafts never
