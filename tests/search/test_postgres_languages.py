"""PostgreSQL only: translations are found in their own language's terms:
Russian and English by their stems, Chinese and Japanese by character
bigrams (no spaces between words, and no false match of characters that are
not next to each other), on the GIN index of the stored vectors."""

import pytest
from django.db import connection

from common.translations import TranslationStatus
from news.models import ArticleTranslation
from search.models import TranslatedText
from tests.factories.news import ArticleFactory

from .conftest import postgres_only

pytestmark = [pytest.mark.django_db, postgres_only]


@pytest.fixture
def article(db):
    article = ArticleFactory(slug="forum", title="Forum on the habitat of big cats")
    texts = {
        "ru": ("Совещание о леопардах", "<p>Эксперты обсуждали охрану леопардов и тигров.</p>"),
        "en": None,
        "zh-hans": ("哈尔滨论坛", "<p>东北虎豹国家公园的专家在哈尔滨市讨论了保护问题。</p>"),
        "ja": ("ハルビンの会議", "<p>専門家はアムールヒョウの保護について議論した。</p>"),
    }
    for language, value in texts.items():
        if value is None:
            continue
        title, body = value
        ArticleTranslation.objects.create(
            article=article,
            language=language,
            status=TranslationStatus.PUBLISHED,
            title=title,
            summary=title,
            body=body,
        )
    return article


def _titles(client, prefix, q):
    response = client.get(f"{prefix}/search/", {"q": q})
    assert response.status_code == 200
    kinds = {group.provider.key: group.hits for group in response.context["kinds"]}
    return [str(hit.title) for hit in kinds.get("news", [])]


@pytest.mark.parametrize(
    ("prefix", "query"),
    [
        ("/ru", "леопарда"),  # genitive singular; the text has "леопардах", "леопардов"
        ("/ru", "тигр"),
        ("/zh-hans", "哈尔滨"),
        ("/zh-hans", "国家公园"),  # inside a longer run, without spaces
        ("/ja", "アムールヒョウ"),
        ("/ja", "保護"),
    ],
)
def test_a_translation_is_found_by_the_words_of_its_language(client, article, prefix, query):
    assert len(_titles(client, prefix, query)) == 1


def test_characters_that_are_not_adjacent_do_not_match(client, article):
    assert _titles(client, "/zh-hans", "哈滨") == []
    assert _titles(client, "/zh-hans", "公园国家") == []


def test_the_vectors_use_the_language_configuration(article):
    russian = TranslatedText.objects.get(language="ru")
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM search_translatedtext WHERE id = %s", [russian.pk])
        (vector,) = cursor.fetchone()
    assert "'леопард'" in vector  # the stem, not the word


def test_the_translation_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_translatedtext_vector'"
        )
        (definition,) = cursor.fetchone()
    assert "gin" in definition.lower() and "vector" in definition
