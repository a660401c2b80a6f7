"""The translation workspace (/translations/): who translates what, drafts and
publication, and translations marked outdated when their original changes."""

import pytest
from django.contrib.contenttypes.models import ContentType

from common.translations import TranslationStatus, translated_field
from news import selectors, services
from news.models import ArticleTranslation, FieldTranslation, TranslationGrant
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory, UserFactory
from tests.factories.news import ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory
from tests.querycount import assert_fixed_query_count

pytestmark = pytest.mark.django_db

RUSSIAN = {
    "title": "Совместный патруль у границы",
    "summary": "Инспекторы двух стран вместе патрулировали лес.",
    "body": "<p>Патруль прошёл приграничный лес и снял петли.</p>",
}


@pytest.fixture
def staff_ru(russia):
    user = RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=russia).user
    user.translation_languages = "ru"
    user.save(update_fields=["translation_languages"])
    return user


@pytest.fixture
def article_cn(centre_cn):
    return ArticleFactory(author_centre=centre_cn, slug="joint-patrol")


def _edit_url(kind, pk, language):
    return f"/translations/{kind}/{pk}/{language}/"


def _grant(user, model, object_id=None):
    return TranslationGrant.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(model), object_id=object_id
    )


def test_a_change_to_the_original_marks_its_translations_outdated(
    client, staff_ru, article_cn, centre_cn
):
    """Published, the translation is up to date; once the original's text
    changes it is outdated for translators and readers (with the date and a
    link to the original); publishing it again brings it up to date."""
    _grant(staff_ru, type(article_cn))
    client.force_login(staff_ru)
    response = client.post(_edit_url("article", article_cn.pk, "ru"), {**RUSSIAN, "publish": "1"})
    assert response.status_code == 302
    row = ArticleTranslation.objects.get(article=article_cn, language="ru")
    assert row.status == TranslationStatus.PUBLISHED and not row.is_outdated
    assert "data-translation-outdated" not in client.get("/ru/news/joint-patrol/").content.decode()

    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    services.article_update(
        article=article_cn,
        by=secretariat,
        fields={"body": "<p>The patrol removed 40 snares.</p>"},
    )
    row.refresh_from_db()
    assert row.is_outdated
    tasks = selectors.translation_tasks(staff_ru, ["ru"])
    assert [(task.original, task.state) for task in tasks] == [(article_cn, "outdated")]
    page = client.get("/translations/").content.decode()
    assert "Outdated" in page and article_cn.title in page
    # the translator sees what changed, word by word
    editing = client.get(_edit_url("article", article_cn.pk, "ru")).content.decode()
    assert "<del>covered the border forest and</del>" in editing
    assert "<ins>40</ins>" in editing

    reader = client.get("/ru/news/joint-patrol/").content.decode()
    assert "data-translation-outdated" in reader
    assert "Оригинал обновлён" in reader  # "the original was updated on ..."
    assert 'href="/news/joint-patrol/"' in reader  # the original, in English

    client.post(_edit_url("article", article_cn.pk, "ru"), {**RUSSIAN, "publish": "1"})
    row.refresh_from_db()
    assert not row.is_outdated
    assert selectors.translation_tasks(staff_ru, ["ru"]) == []
    assert "data-translation-outdated" not in client.get("/ru/news/joint-patrol/").content.decode()


def test_a_changed_mandate_marks_its_translation_outdated(db):
    group = WorkingGroupFactory(mandate="Agree common survey methods.")
    row = FieldTranslation(
        content_type=ContentType.objects.get_for_model(group),
        object_id=group.pk,
        field="mandate",
        language="ru",
        status=TranslationStatus.PUBLISHED,
        text="Согласовать общие методы учётов.",
    )
    row.full_clean()
    row.save()
    assert not translated_field(group, "mandate", "ru").outdated
    group.mandate = "Agree common survey and monitoring methods."
    group.save()
    shown = translated_field(group, "mandate", "ru")
    assert shown.text == "Согласовать общие методы учётов." and shown.outdated


def test_a_draft_is_not_shown_and_publishing_shows_it(client, staff_ru, article_cn):
    _grant(staff_ru, type(article_cn), article_cn.pk)
    client.force_login(staff_ru)
    client.post(_edit_url("article", article_cn.pk, "ru"), {**RUSSIAN, "draft": "1"})
    row = ArticleTranslation.objects.get(article=article_cn, language="ru")
    assert row.status == TranslationStatus.DRAFT and row.translated_by == staff_ru
    assert RUSSIAN["title"] not in client.get("/ru/news/joint-patrol/").content.decode()
    assert [task.state for task in selectors.translation_tasks(staff_ru, ["ru"])] == ["draft"]
    client.post(_edit_url("article", article_cn.pk, "ru"), {**RUSSIAN, "publish": "1"})
    assert RUSSIAN["title"] in client.get("/ru/news/joint-patrol/").content.decode()


def test_the_edit_page_shows_the_original_beside_the_form(client, staff_ru, article_cn):
    _grant(staff_ru, type(article_cn))
    client.force_login(staff_ru)
    page = client.get(_edit_url("article", article_cn.pk, "ru")).content.decode()
    assert article_cn.title in page and "removed snares" in page
    assert 'name="title"' in page and 'name="body"' in page and 'lang="ru"' in page


def test_rich_text_is_sanitised_and_bad_input_stores_nothing(client, staff_ru, article_cn):
    _grant(staff_ru, type(article_cn))
    client.force_login(staff_ru)
    url = _edit_url("article", article_cn.pk, "ru")
    response = client.post(url, {**RUSSIAN, "title": "", "publish": "1"})
    assert response.status_code == 200 and not ArticleTranslation.objects.exists()
    response = client.post(url, {**RUSSIAN, "title": "Две\nстроки", "publish": "1"})
    assert response.status_code == 200 and not ArticleTranslation.objects.exists()
    body = '<p onclick="x()">Текст<script>alert(1)</script></p>'
    client.post(url, {**RUSSIAN, "body": body, "publish": "1"})
    stored = ArticleTranslation.objects.get().body
    assert "script" not in stored and "onclick" not in stored and "Текст" in stored


def test_centre_staff_translate_their_own_centres_articles_only_unless_granted(
    client, staff_ru, article_cn, centre_ru
):
    own = ArticleFactory(author_centre=centre_ru)
    client.force_login(staff_ru)
    assert client.get(_edit_url("article", own.pk, "zh-hans")).status_code == 403  # not theirs
    assert client.get(_edit_url("article", own.pk, "ko")).status_code == 403
    assert client.get(_edit_url("article", article_cn.pk, "ru")).status_code == 404
    listed = {task.original for task in selectors.translation_tasks(staff_ru, ["ru"])}
    assert own in listed and centre_ru.host in listed and article_cn not in listed
    # the Russian centre's own article is written in English: into Russian it goes
    assert client.get(_edit_url("article", own.pk, "ru")).status_code == 200
    _grant(staff_ru, type(article_cn), article_cn.pk)
    client.force_login(staff_ru)
    assert client.get(_edit_url("article", article_cn.pk, "ru")).status_code == 200


def test_the_original_language_is_not_a_translation(client, secretariat, article_cn):
    client.force_login(secretariat)
    assert client.get(_edit_url("article", article_cn.pk, "en")).status_code == 404
    assert client.get(_edit_url("article", article_cn.pk, "xx")).status_code == 404
    assert client.get(_edit_url("nonsense", article_cn.pk, "ru")).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "plain"])
def test_people_who_translate_nothing_are_kept_out(client, who):
    if who == "anonymous":
        assert client.get("/translations/").status_code == 302
        return
    client.force_login(UserFactory())
    assert client.get("/translations/").status_code == 403


def test_the_secretariat_translates_every_kind(client, secretariat, article_cn):
    group = WorkingGroupFactory(mandate="Agree common survey methods.")
    client.force_login(secretariat)
    response = client.post(
        _edit_url("mandate", group.pk, "zh-hans"), {"mandate": "统一调查方法。", "publish": "1"}
    )
    assert response.status_code == 302
    assert translated_field(group, "mandate", "zh-hans").text == "统一调查方法。"


def test_without_languages_on_the_profile_the_list_says_where_to_choose_them(client, staff_cn):
    client.force_login(staff_cn)
    page = client.get("/translations/").content.decode()
    assert "/accounts/profile/" in page


def test_the_profile_holds_the_languages_one_translates_into(client, staff_cn):
    client.force_login(staff_cn)
    response = client.post(
        "/accounts/profile/",
        {
            "full_name": "Li Na",
            "language": "en",
            "time_zone": "UTC",
            "translation_languages": ["ru", "zh-hans"],
        },
    )
    assert response.status_code == 302
    staff_cn.refresh_from_db()
    assert staff_cn.translates_into == ["zh-hans", "ru"]


def test_the_workspace_runs_a_fixed_number_of_queries(client, secretariat, centre_cn):
    secretariat.translation_languages = "ru,zh-hans"
    secretariat.save(update_fields=["translation_languages"])
    client.force_login(secretariat)
    ArticleFactory(author_centre=centre_cn)
    WorkingGroupFactory()

    def grow():
        for _ in range(5):
            article = ArticleFactory(author_centre=centre_cn)
            ArticleTranslation.objects.create(
                article=article, language="ru", title="Т", summary="С", body="<p>Т</p>"
            )
            WorkingGroupFactory()

    assert_fixed_query_count(client, "/translations/?state=all", grow)


def test_a_translated_activity_summary_reaches_readers_and_is_flagged_when_outdated(
    client, secretariat
):
    from activities.models import Activity
    from tests.factories.activities import ActivityFactory, ProtectedAreaFactory

    activity = ActivityFactory(
        status=Activity.Status.APPROVED, description="Rangers walk the border together."
    )
    area = ProtectedAreaFactory(description="A reserve in the border forest.")
    client.force_login(secretariat)
    for kind, obj, address, text in (
        ("activity", activity, f"/activities/{activity.pk}/", "Инспекторы вместе обходят границу."),
        (
            "protected-area",
            area,
            f"/protected-areas/{area.slug}/",
            "Заповедник в приграничном лесу.",
        ),
    ):
        response = client.post(_edit_url(kind, obj.pk, "ru"), {"description": text, "publish": "1"})
        assert response.status_code == 302
        page = client.get(f"/ru{address}").content.decode()
        assert text in page and "data-translation-outdated" not in page
        obj.description = obj.description + " Updated."
        obj.save()
        page = client.get(f"/ru{address}").content.decode()
        assert text in page and "data-translation-outdated" in page
