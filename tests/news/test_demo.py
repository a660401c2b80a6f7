"""The demo news and about pages: the seeds' news published with their real
dates by the two information centres, translations published and in draft,
and the about pages of seed 000 §5; a second run changes nothing."""

import datetime

import pytest

from news import demo
from news.models import AboutPage, AboutPageTranslation, Article, ArticleTranslation, Topic


@pytest.fixture
def seeded(demo_data):
    demo.seed(password="tiger-leopard-demo", with_accounts=True)


def counts():
    return [
        model.objects.count()
        for model in (Topic, Article, ArticleTranslation, AboutPage, AboutPageTranslation)
    ]


def test_the_seeds_news_are_published_with_their_dates_and_centres(seeded, client):
    expected = {
        "harbin-forum-2018": (datetime.date(2018, 10, 24), "feline-research-center"),
        "harbin-consensus-2019": (datetime.date(2019, 7, 30), "feline-research-center"),
        "joint-patrols-guard-the-border-forest": (
            datetime.date(2025, 12, 19),
            "far-east-environmental-control",
        ),
        "tiger-and-leopard-numbers-grow": (datetime.date(2025, 12, 19), "feline-research-center"),
    }
    articles = {a.slug: a for a in Article.objects.select_related("author_centre")}
    assert set(articles) == set(expected)
    for slug, (day, centre) in expected.items():
        article = articles[slug]
        assert article.status == Article.Status.PUBLISHED
        assert article.publish_at.date() == day  # the times are within the same UTC day
        assert article.author_centre.slug == centre
        assert article.topics.exists() and article.countries.exists()
    listed = [card.article.slug for card in client.get("/news/").context["cards"]]
    assert listed == [
        "tiger-and-leopard-numbers-grow",
        "joint-patrols-guard-the-border-forest",
        "harbin-consensus-2019",
        "harbin-forum-2018",
    ]
    numbers = client.get("/news/tiger-and-leopard-numbers-grow/").content.decode()
    assert "27 tigers and 42 leopards" in numbers


def test_translations_published_and_drafts_never_shown(seeded, client):
    assert ArticleTranslation.objects.filter(status="published").count() >= 2
    assert ArticleTranslation.objects.filter(status="draft").exists()
    russian = client.get("/ru/news/joint-patrols-guard-the-border-forest/").content.decode()
    assert "Совместное патрулирование охраняет приграничный лес" in russian
    chinese = client.get("/zh-hans/news/harbin-consensus-2019/").content.decode()
    assert "哈尔滨共识" in chinese
    draft = ArticleTranslation.objects.get(article__slug="harbin-consensus-2019", language="ru")
    assert draft.status == "draft"
    russian_consensus = client.get("/ru/news/harbin-consensus-2019/").content.decode()
    assert draft.title not in russian_consensus
    assert 'role="note"' in russian_consensus


def test_the_about_pages_come_from_seed_000(seeded, client):
    pages = list(AboutPage.objects.filter(status="published").values_list("slug", flat=True))
    assert pages == ["goals", "structure", "members", "join"]
    goals = client.get("/about/goals/").content.decode()
    for word in ("Communication", "Collaboration", "Coordination"):
        assert f"<h2>{word}</h2>" in goals
    structure = client.get("/about/structure/").content.decode()
    for part in ("Coordination committee", "Working groups", "Activity and information centres"):
        assert part in structure
    members = client.get("/about/members/").content.decode()
    for country in ("China", "Japan", "Mongolia", "Republic of Korea", "Russian Federation"):
        assert country in members
    join = client.get("/about/join/").content.decode()
    assert 'href="/members/apply/"' in join
    assert "Цели" in client.get("/ru/about/goals/").content.decode()
    assert "目标" in client.get("/zh-hans/about/goals/").content.decode()
    assert client.get("/ru/about/structure/").content.decode().count("Черновик") == 0


def test_seeding_twice_changes_nothing(seeded):
    before = counts()
    demo.seed(password="tiger-leopard-demo", with_accounts=True)
    assert counts() == before
    assert before[1] == 4


@pytest.mark.django_db
def test_without_the_centres_the_host_organisations_write(client):
    """Run before the activities demo data: the organisations stand in."""
    from stakeholders import demo as stakeholders_demo

    stakeholders_demo.seed(password=None, with_accounts=False)
    demo.seed(password=None, with_accounts=False)
    assert Article.objects.filter(author_organisation__slug="feline-research-center").count() == 3
    assert client.get("/news/harbin-forum-2018/").status_code == 200
