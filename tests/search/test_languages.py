"""Search finds every language: each published translation is found in its own
language, and a search in a language shows the results in it (their
translation into it, where there is one). On SQLite by substring, on
PostgreSQL by full text (tests/search/test_postgres_languages.py)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.translations import TranslationStatus
from news.models import ArticleTranslation, FieldTranslation
from search.models import TranslatedText
from tests.factories.news import ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory

from .conftest import found, plain, search

pytestmark = pytest.mark.django_db

PUBLISHED, DRAFT = TranslationStatus.PUBLISHED, TranslationStatus.DRAFT

ENGLISH_TITLE = "Forum in Harbin on the leopard's transboundary habitat"
TRANSLATIONS = {
    "ru": (
        "Форум в Харбине о трансграничном местообитании леопарда",
        "<p>Участники обсудили охрану дальневосточного леопарда.</p>",
    ),
    "zh-hans": ("哈尔滨论坛讨论豹的跨境栖息地", "<p>与会者讨论了东北豹的保护。</p>"),
    "ko": ("하얼빈 포럼, 표범의 국경 서식지 논의", "<p>참가자들은 아무르표범 보호를 논의했다.</p>"),
    "ja": (
        "ハルビンでヒョウの越境生息地に関するフォーラム",
        "<p>参加者はアムールヒョウの保護について議論した。</p>",
    ),
    "mn": (
        "Харбинд ирвэсийн хил дамнасан амьдрах орчны форум",
        "<p>Оролцогчид ирвэсийг хамгаалах талаар ярилцав.</p>",
    ),
}
# (language, a word of its translation, as a reader would type it)
QUERIES = [
    ("en", "transboundary"),
    ("ru", "леопарда"),
    ("zh-hans", "哈尔滨"),
    ("ko", "표범"),
    ("ja", "ヒョウ"),
    ("mn", "ирвэс"),
]


@pytest.fixture
def article(db):
    article = ArticleFactory(slug="harbin-forum", title=ENGLISH_TITLE)
    for language, (title, body) in TRANSLATIONS.items():
        ArticleTranslation.objects.create(
            article=article,
            language=language,
            status=PUBLISHED,
            title=title,
            summary=title,
            body=body,
        )
    return article


def _in(language: str) -> str:
    return "" if language == "en" else f"/{language}"


@pytest.mark.parametrize(("language", "word"), QUERIES)
def test_a_word_of_each_language_finds_the_article_shown_in_that_language(
    client, article, language, word
):
    response = client.get(f"{_in(language)}/search/", {"q": word})
    assert response.status_code == 200
    hits = {group.provider.key: group.hits for group in response.context["kinds"]}
    [hit] = hits["news"]
    expected = ENGLISH_TITLE if language == "en" else TRANSLATIONS[language][0]
    assert plain(hit.title) == expected
    assert hit.url == f"{_in(language)}/news/harbin-forum/"
    if language != "en":
        assert hit.language == language
        assert f'lang="{language}"' in response.content.decode()


def test_a_word_of_another_language_finds_the_article_too(client, article):
    """A Russian word on the English page finds the article (its Russian
    translation matched); it is shown as the English reader reads it."""
    [hit] = found(client, "Харбине")["news"]
    assert hit == ENGLISH_TITLE


def test_a_draft_translation_is_not_found(client, db):
    article = ArticleFactory(title="Snare removal")
    row = ArticleTranslation.objects.create(
        article=article, language="ru", status=DRAFT, title="Снятие петель", summary="С", body="Б"
    )
    assert "news" not in found(client, "петель")
    row.status = PUBLISHED
    row.save()
    assert found(client, "петель") == {"news": ["Snare removal"]}
    row.delete()
    assert "news" not in found(client, "петель")
    assert not TranslatedText.objects.exists()


def test_a_translated_mandate_is_found_in_its_language(client, db):
    group = WorkingGroupFactory(name="Joint survey group", mandate="Agree survey methods.")
    FieldTranslation.objects.create(
        content_type=ContentType.objects.get_for_model(group),
        object_id=group.pk,
        field="mandate",
        language="ru",
        status=PUBLISHED,
        text="Согласовать методы учётов леопарда.",
    )
    response = client.get("/ru/search/", {"q": "учётов"})
    [hit] = next(g.hits for g in response.context["kinds"] if g.provider.key == "groups")
    assert plain(hit.title) == "Joint survey group"
    assert "Согласовать методы" in plain(hit.snippet)


def test_a_russian_query_is_not_case_sensitive(client, article):
    assert found(client, "ЛЕОПАРДА")["news"]


def test_a_search_runs_as_many_queries_with_many_translated_results(client, article):
    def count():
        with CaptureQueriesContext(connection) as captured:
            search(client, "леопарда")
        return len(captured)

    count()
    small = count()
    for n in range(6):
        other = ArticleFactory(title=f"Leopard news {n}")
        ArticleTranslation.objects.create(
            article=other,
            language="ru",
            status=PUBLISHED,
            title=f"Леопард {n}",
            summary="Новости леопарда",
            body="<p>О леопарда.</p>",
        )
    assert count() == small
