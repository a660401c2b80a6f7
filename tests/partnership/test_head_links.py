"""Every page's head: a canonical address without tracking parameters (a
filtered list canonicalises to the list itself, a news topic keeps its topic),
and OpenGraph / Twitter cards from the page's own title and description, which
the article page extends (type article, lead image with its alternative text,
publication time) without repeating any tag."""

import datetime
import re

import pytest

from tests.factories import OrganisationFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.news import ArticleFactory, TopicFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _head(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode().split("</head>")[0]


def _meta(head, name):
    """Every value of the meta tag `name` (property= or name=)."""
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', head)


def _canonical(head):
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("/", "http://testserver/"),
        ("/?utm_source=newsletter&utm_medium=email&fbclid=abc", "http://testserver/"),
        ("/news/?page=2&utm_campaign=spring", "http://testserver/news/?page=2"),
        ("/news/?page=1", "http://testserver/news/"),
        # A filtered list: its canonical address is the list itself.
        ("/members/?country=&type=&q=tiger&page=2", "http://testserver/members/"),
        ("/ru/working-groups/?gclid=x", "http://testserver/ru/working-groups/"),
        ("/search/?q=tiger", "http://testserver/search/"),
    ],
)
def test_the_canonical_address_drops_tracking_and_filters(client, path, canonical):
    head = _head(client, path)
    assert _canonical(head) == canonical
    assert _meta(head, "og:url") == [canonical]


def test_a_news_topic_is_a_page_of_its_own(client):
    topic = TopicFactory(slug="anti-poaching")
    head = _head(client, f"/news/?topic={topic.slug}&country=CN&utm_source=x")
    assert _canonical(head) == "http://testserver/news/?topic=anti-poaching"


def test_social_cards_repeat_the_pages_title_and_description(client):
    OrganisationFactory(
        slug="wwf", name='Tigers "&" <Leopards> Fund', description="Camera traps & patrols."
    )
    head = _head(client, "/members/wwf/")
    assert _meta(head, "og:title") == ["Tigers &quot;&amp;&quot; &lt;Leopards&gt; Fund"]
    assert _meta(head, "twitter:title") == _meta(head, "og:title")
    assert _meta(head, "og:description") == ["Camera traps &amp; patrols."]
    assert _meta(head, "og:type") == ["website"]
    assert _meta(head, "og:site_name") == ["Partnership Portal"]
    assert _meta(head, "twitter:card") == ["summary"]


def test_og_locale_is_the_pages_language_the_others_alternates(client):
    WorkingGroupFactory(slug="camera-trapping")
    head = _head(client, "/zh-hans/working-groups/camera-trapping/")
    assert _meta(head, "og:locale") == ["zh_CN"]
    alternates = _meta(head, "og:locale:alternate")
    assert "en_GB" in alternates and "ru_RU" in alternates and "zh_CN" not in alternates


def test_the_article_overrides_the_cards_without_repeating_a_tag(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(
        author_centre=InformationCentreFactory(), title="Joint patrols", slug="patrols"
    )
    head = _head(client, article.get_absolute_url())
    assert _canonical(head) == "http://testserver/news/patrols/"
    for name in ("og:type", "og:title", "og:url", "og:locale", "twitter:card", "og:site_name"):
        assert len(_meta(head, name)) == 1, name
    assert _meta(head, "og:type") == ["article"]
    assert _meta(head, "og:title") == ["Joint patrols"]
    # ISO 8601 in UTC to the second, as every machine-readable time of the portal.
    published = article.publish_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _meta(head, "article:published_time") == [published]
