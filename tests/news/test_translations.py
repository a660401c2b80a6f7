"""Which text a visitor is shown: their language when a published translation
exists, otherwise the first language of their fallback chain that has one
(Mongolian, then Russian, then English; English last), never a draft. The same
mechanism serves articles, about pages, and any field of another app's model
(a working group's mandate, an organisation's description)."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common.translations import (
    TranslationStatus,
    fallback_chain,
    normalise_language,
    pick_translation,
    translated_field,
    translated_fields,
)
from news.models import FieldTranslation
from tests.factories import OrganisationFactory
from tests.factories.news import FieldTranslationFactory
from tests.factories.workinggroups import WorkingGroupFactory

PUBLISHED, DRAFT = TranslationStatus.PUBLISHED, TranslationStatus.DRAFT


def tr(language, status=PUBLISHED):
    return SimpleNamespace(language=language, status=status, title=f"title in {language}")


@pytest.mark.parametrize(
    ("language", "chain"),
    [
        ("mn", ["mn", "ru", "en"]),
        ("ko", ["ko", "en"]),
        ("ja", ["ja", "en"]),
        ("zh-hans", ["zh-hans", "en"]),
        ("ru", ["ru", "en"]),
        ("en", ["en"]),
    ],
)
def test_every_chain_ends_in_english(language, chain):
    assert fallback_chain(language) == chain


def test_the_chains_can_be_overridden_and_english_stays_last(settings):
    settings.CONTENT_FALLBACK_CHAINS = {"ko": ("ja", "en", "zh-hans")}
    assert fallback_chain("ko") == ["ko", "ja", "zh-hans", "en"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("zh-Hans", "zh-hans"),
        ("zh-cn", "zh-hans"),
        ("zh_CN", "zh-hans"),
        ("zh-TW", None),
        ("mn", "mn"),
        ("fr", None),
        ("", None),
        (None, None),
    ],
)
def test_language_codes_are_normalised(code, expected):
    assert normalise_language(code) == expected


def test_the_visitors_language_when_a_published_translation_exists():
    russian = tr("ru")
    assert pick_translation([tr("zh-hans"), russian], "ru") == (russian, "ru", False)


def test_the_original_when_it_is_in_the_visitors_language():
    assert pick_translation([tr("ru")], "en") == (None, "en", False)


def test_mongolian_falls_back_to_russian_then_english():
    russian = tr("ru")
    assert pick_translation([russian, tr("zh-hans")], "mn") == (russian, "ru", True)
    assert pick_translation([tr("zh-hans")], "mn") == (None, "en", True)


def test_mongolian_comes_first_when_it_exists():
    mongolian = tr("mn")
    assert pick_translation([tr("ru"), mongolian], "mn") == (mongolian, "mn", False)


@pytest.mark.parametrize("language", ["zh-hans", "ko", "ja"])
def test_other_languages_fall_back_to_english_not_to_russian(language):
    assert pick_translation([tr("ru")], language) == (None, "en", True)


def test_a_draft_translation_is_never_picked():
    assert pick_translation([tr("ru", DRAFT)], "ru") == (None, "en", True)
    assert pick_translation([tr("ru", DRAFT)], "mn") == (None, "en", True)


def test_an_original_in_another_language_is_shown_when_the_chain_has_nothing():
    """A Russian original with no English translation: an English reader gets the Russian."""
    assert pick_translation([], "en", original_language="ru") == (None, "ru", True)
    assert pick_translation([], "mn", original_language="ru") == (None, "ru", True)
    english = tr("en")
    assert pick_translation([english], "zh-hans", original_language="ru") == (english, "en", True)


def test_an_unknown_language_is_read_as_english():
    assert pick_translation([tr("ru")], "fr") == (None, "en", False)


# --- One field of another app's model ------------------------------------------


@pytest.mark.django_db
def test_a_group_mandate_in_the_visitors_language_and_its_fallbacks():
    group = WorkingGroupFactory(mandate="Joint survey and monitoring across the border.")
    FieldTranslationFactory(target=group, field="mandate", language="ru", text="Совместный учёт.")
    FieldTranslationFactory(
        target=group, field="mandate", language="zh-hans", status=DRAFT, text="草稿"
    )

    russian = translated_field(group, "mandate", "ru")
    assert (russian.text, russian.language, russian.is_fallback) == (
        "Совместный учёт.",
        "ru",
        False,
    )
    mongolian = translated_field(group, "mandate", "mn")
    assert (mongolian.text, mongolian.language, mongolian.is_fallback) == (
        "Совместный учёт.",
        "ru",
        True,
    )
    chinese = translated_field(group, "mandate", "zh-hans")  # the draft is not shown
    assert (chinese.text, chinese.language, chinese.is_fallback) == (group.mandate, "en", True)
    assert chinese.available == ["en", "ru"]
    with translation.override("ru"):
        assert str(translated_field(group, "mandate")) == "Совместный учёт."


@pytest.mark.django_db
def test_an_organisation_description_translated_and_one_query_for_many(
    django_assert_num_queries,
):
    first = OrganisationFactory(description="Patrols the border forest.")
    second = OrganisationFactory(description="Counts tigers with camera traps.")
    FieldTranslationFactory(target=first, language="ko", text="국경 숲을 순찰합니다.")
    with django_assert_num_queries(1):
        texts = translated_fields([first, second], "description", "ko")
    assert texts[first.pk].text == "국경 숲을 순찰합니다."
    assert texts[first.pk].is_fallback is False
    assert texts[second.pk].text == "Counts tigers with camera traps."
    assert texts[second.pk].is_fallback is True
    with CaptureQueriesContext(connection) as captured:
        translated_field(first, "description", "ko")
    assert len(captured) == 1


@pytest.mark.django_db
def test_only_registered_fields_of_existing_objects_are_translated():
    organisation = OrganisationFactory()
    wrong_field = FieldTranslationFactory.build(target=organisation, field="website")
    with pytest.raises(ValidationError) as error:
        wrong_field.full_clean()
    assert "field" in error.value.message_dict
    missing = FieldTranslationFactory.build(target=organisation, object_id=organisation.pk + 999)
    with pytest.raises(ValidationError) as error:
        missing.full_clean()
    assert "object_id" in error.value.message_dict
    english = FieldTranslationFactory.build(target=organisation, language="en")
    with pytest.raises(ValidationError) as error:
        english.full_clean()
    assert "language" in error.value.message_dict
    FieldTranslationFactory.build(target=organisation).full_clean()
    assert FieldTranslation.objects.count() == 0


@pytest.mark.django_db
def test_a_translated_field_renders_with_the_shared_language_note(rf):
    from django.template.loader import render_to_string

    from common.translations import language_links

    group = WorkingGroupFactory(slug="camera-trapping")
    FieldTranslationFactory(target=group, field="mandate", language="ru", text="Фотоловушки.")
    shown = translated_field(group, "mandate", "zh-hans")
    request = rf.get("/zh-hans/working-groups/camera-trapping/")
    links = language_links(request, group.get_absolute_url(), shown)
    html = render_to_string(
        "news/_language_note.html", {"shown": shown, "links": links}, request=request
    )
    assert "简体中文" in html and "English" in html  # asked for, and shown in
    assert 'href="/ru/working-groups/camera-trapping/" lang="ru"' in html
