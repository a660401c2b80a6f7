"""Public news and about pages are cached for visitors who are not signed in,
and the cache is refreshed when their content changes: an article, its
translations, its topics, an about page. The task run every minute by beat
marks due scheduled articles published and so retires pages cached before
their time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from news import tasks
from news.models import Article
from tests.factories.news import (
    AboutPageFactory,
    AboutPageTranslationFactory,
    ArticleFactory,
    ArticleTranslationFactory,
    TopicFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "url",
    ["/news/", "/news/joint-patrol/", "/ru/news/joint-patrol/", "/news/feed/", "/about/goals/"],
)
def test_a_second_visit_is_served_from_the_cache_without_queries(
    client, centre_cn, django_assert_num_queries, url
):
    ArticleFactory(slug="joint-patrol", author_centre=centre_cn)
    AboutPageFactory(slug="goals")
    first = get(client, url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_editing_an_article_refreshes_the_list_the_page_and_the_feed(client, centre_cn):
    article = ArticleFactory(slug="joint-patrol", title="Old title", author_centre=centre_cn)
    for url in ("/news/", "/news/joint-patrol/", "/news/feed/"):
        assert "Old title" in get(client, url).content.decode()
    article.title = "New title"
    article.save()
    for url in ("/news/", "/news/joint-patrol/", "/news/feed/"):
        body = get(client, url).content.decode()
        assert "New title" in body
        assert "Old title" not in body


def test_publishing_a_translation_refreshes_its_language(client, centre_cn):
    article = ArticleFactory(slug="joint-patrol", title="Joint patrol", author_centre=centre_cn)
    translation = ArticleTranslationFactory(
        article=article, language="ru", title="Совместный патруль", status="draft"
    )
    assert "Совместный патруль" not in get(client, "/ru/news/joint-patrol/").content.decode()
    translation.status = "published"
    translation.save()
    assert "Совместный патруль" in get(client, "/ru/news/joint-patrol/").content.decode()


def test_a_new_topic_on_an_article_refreshes_the_filtered_list(client, centre_cn):
    article = ArticleFactory(title="Joint patrol", author_centre=centre_cn)
    topic = TopicFactory(slug="anti-poaching")
    assert "Joint patrol" not in get(client, "/news/?topic=anti-poaching").content.decode()
    article.topics.add(topic)
    assert "Joint patrol" in get(client, "/news/?topic=anti-poaching").content.decode()


def test_editing_an_about_page_or_its_translation_refreshes_it(client):
    page = AboutPageFactory(slug="goals", title="Goals")
    assert "Goals" in get(client, "/about/").content.decode()
    page.title = "Our goals"
    page.save()
    assert "Our goals" in get(client, "/about/").content.decode()
    assert "Цели" not in get(client, "/ru/about/goals/").content.decode()
    AboutPageTranslationFactory(page=page, language="ru", title="Цели")
    assert "Цели" in get(client, "/ru/about/goals/").content.decode()


def test_the_task_publishes_due_articles_and_retires_pages_cached_before(client, centre_cn):
    due = ArticleFactory(
        title="Camera-trap season opens",
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(minutes=10),
    )
    later = ArticleFactory(
        title="Next year's festival",
        author_centre=centre_cn,
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=300),
    )
    assert "Camera-trap season opens" not in get(client, "/news/").content.decode()
    # its time comes (moved into the past rather than moving the clock)
    Article.objects.filter(pk=due.pk).update(
        publish_at=timezone.now() - datetime.timedelta(seconds=5)
    )
    assert get(client, "/news/")["X-Page-Cache"] == "hit"  # the stale page, until...
    assert tasks.publish_due.delay().get() == 1
    body = get(client, "/news/").content.decode()
    assert "Camera-trap season opens" in body
    assert "Next year's festival" not in body
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Article.Status.PUBLISHED
    assert later.status == Article.Status.SCHEDULED
    assert tasks.publish_due() == 0  # safe to run twice: nothing left to do
    assert reverse("news:article", kwargs={"slug": due.slug}) in body
