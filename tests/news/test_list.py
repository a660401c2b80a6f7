"""The news list: what is out (published, and scheduled articles whose time
has come, without anyone acting), newest first, paginated, with filters by
centre, country and topic that combine and live in the address; a fixed
number of queries whatever the amount of news."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news import selectors
from news.models import Article
from tests.factories.news import ArticleFactory, ArticleTranslationFactory, TopicFactory

pytestmark = pytest.mark.django_db

LIST = reverse("news:list")


def titles(response) -> list[str]:
    return [card.title for card in response.context["cards"]]


def test_newest_first_and_only_what_is_out(client, centre_cn):
    now = timezone.now()
    ArticleFactory(
        title="Older", author_centre=centre_cn, publish_at=now - datetime.timedelta(days=9)
    )
    ArticleFactory(
        title="Newer", author_centre=centre_cn, publish_at=now - datetime.timedelta(days=1)
    )
    ArticleFactory(
        title="A draft", author_centre=centre_cn, status=Article.Status.DRAFT, publish_at=None
    )
    ArticleFactory(
        title="Scheduled for tomorrow",
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=now + datetime.timedelta(days=1),
    )
    ArticleFactory(
        title="Scheduled an hour ago",
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=now - datetime.timedelta(hours=1),
    )
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Scheduled an hour ago", "Newer", "Older"]
    body = response.content.decode()
    assert "A draft" not in body
    assert "Scheduled for tomorrow" not in body


def test_a_scheduled_article_appears_at_its_time_without_anyone_acting(client, centre_cn):
    article = ArticleFactory(
        title="Camera-trap season opens",
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(minutes=30),
    )
    assert "Camera-trap season opens" not in client.get(LIST).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 404
    # Time passes (the clock is the database's condition, not a flag to flip):
    later = timezone.now() + datetime.timedelta(hours=1)
    assert article in selectors.published_articles(now=later)
    Article.objects.filter(pk=article.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "Camera-trap season opens" in client.get(LIST).content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED  # nothing was changed to show it


def test_filters_by_centre_country_and_topic_combine(client, centre_cn, centre_ru, china, russia):
    patrols = TopicFactory(slug="anti-poaching", name="Anti-poaching")
    monitoring = TopicFactory(slug="monitoring", name="Monitoring")
    ArticleFactory(
        title="Chinese patrols", author_centre=centre_cn, countries=[china], topics=[patrols]
    )
    ArticleFactory(
        title="Russian patrols", author_centre=centre_ru, countries=[russia], topics=[patrols]
    )
    ArticleFactory(
        title="Joint survey",
        author_centre=centre_ru,
        countries=[china, russia],
        topics=[monitoring],
    )

    assert sorted(titles(client.get(LIST, {"centre": centre_ru.slug}))) == [
        "Joint survey",
        "Russian patrols",
    ]
    assert sorted(titles(client.get(LIST, {"country": "CN"}))) == [
        "Chinese patrols",
        "Joint survey",
    ]
    assert sorted(titles(client.get(LIST, {"topic": "anti-poaching"}))) == [
        "Chinese patrols",
        "Russian patrols",
    ]
    combined = client.get(LIST, {"country": "CN", "topic": "anti-poaching"})
    assert titles(combined) == ["Chinese patrols"]
    assert titles(client.get(LIST, {"centre": centre_cn.slug, "topic": "monitoring"})) == []
    # the topic's own feed is offered on its filtered list
    assert reverse("news:topic_feed", kwargs={"slug": "anti-poaching"}) in combined.content.decode()


def test_an_unknown_filter_value_is_a_form_error_not_a_crash(client, centre_cn):
    ArticleFactory(author_centre=centre_cn)
    response = client.get(LIST, {"topic": "no-such-topic", "country": "XX"})
    assert response.status_code == 200
    assert titles(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_pages_of_ten_keep_the_filters(client, centre_cn, china):
    now = timezone.now()
    for n in range(23):
        ArticleFactory(
            title=f"Report {n:02d}",
            author_centre=centre_cn,
            countries=[china],
            publish_at=now - datetime.timedelta(hours=n + 1),
        )
    first = client.get(LIST, {"country": "CN"})
    assert titles(first)[:2] == ["Report 00", "Report 01"]
    assert len(titles(first)) == 10
    assert "country=CN&amp;page=2" in first.content.decode()
    third = client.get(LIST, {"country": "CN", "page": 3})
    assert titles(third) == ["Report 20", "Report 21", "Report 22"]
    assert client.get(LIST, {"page": "999"}).status_code == 200  # the last page, not an error


def test_cards_are_in_the_readers_language_when_translated(client, centre_cn):
    article = ArticleFactory(title="Joint patrol", author_centre=centre_cn)
    ArticleTranslationFactory(article=article, language="ru", title="Совместный патруль")
    ArticleTranslationFactory(
        article=article, language="zh-hans", title="联合巡护草稿", status="draft"
    )
    assert titles(client.get("/ru/news/")) == ["Совместный патруль"]
    chinese = client.get("/zh-hans/news/")
    assert titles(chinese) == ["Joint patrol"]  # the draft is never shown
    assert "联合巡护草稿" not in chinese.content.decode()
    assert 'lang="en"' in chinese.content.decode()  # the English card says it is English


def make_news(count, centre, topics, countries):
    now = timezone.now()
    for n in range(count):
        article = ArticleFactory(
            author_centre=centre,
            topics=topics,
            countries=countries,
            publish_at=now - datetime.timedelta(minutes=n + 1),
        )
        ArticleTranslationFactory(article=article, language="ru")
        ArticleTranslationFactory(article=article, language="zh-hans", status="draft")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [LIST, LIST + "?topic=monitoring&country=CN", "/ru/news/", reverse("news:feed")],
)
def test_the_list_runs_a_fixed_number_of_queries(client, centre_cn, china, russia, url):
    topics = [TopicFactory(slug="monitoring"), TopicFactory(slug="anti-poaching")]
    make_news(5, centre_cn, topics, [china, russia])
    client.get(url)  # warm up (content types, the site)
    small = count_queries(client, url)
    make_news(45, centre_cn, topics, [china, russia])  # fifty now: ten times as many
    large = count_queries(client, url)
    assert small == large, (small, large)
    assert small <= 9, small
