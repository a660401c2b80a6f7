"""News in the search, when the news app is installed: published articles
only, their HTML text shown as text."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from search.registry import provider_for

from .conftest import found, search

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("news"), reason="the news app is not installed"),
]


@pytest.fixture
def articles(db):
    from news.models import Article
    from tests.factories.news import ArticleFactory

    ArticleFactory(
        title="Leopard cubs seen on camera",
        summary="Two cubs & their mother.",
        body="<p>Camera traps in the <b>border forest</b> recorded a leopard family.</p>",
    )
    ArticleFactory(title="Leopard draft", status=Article.Status.DRAFT, publish_at=None)
    ArticleFactory(
        title="Leopard scheduled",
        status=Article.Status.SCHEDULED,
        publish_at=timezone.now() + datetime.timedelta(days=3),
    )


def test_news_is_searched_first(client, articles):
    assert provider_for("news") is not None
    result = found(client, "leopard")
    assert next(iter(result)) == "news"
    assert result["news"] == ["Leopard cubs seen on camera"]


def test_drafts_and_future_articles_are_never_found(client, articles):
    from tests.factories.activities_extra import secretariat_user

    for user in (None, secretariat_user()):
        if user is not None:
            client.force_login(user)
        page = search(client, "leopard").content.decode()
        assert "Leopard draft" not in page and "Leopard scheduled" not in page


def test_the_article_text_is_shown_as_text(client, articles):
    (group,) = search(client, "forest").context["kinds"]
    snippet = str(group.hits[0].snippet)
    assert "<mark>forest</mark>" in snippet
    assert "<p>" not in snippet and "&lt;p&gt;" not in snippet and "<b>" not in snippet
    assert "&amp;amp;" not in snippet
    assert client.get(group.hits[0].url).status_code == 200
