"""A working group's mandate in the visitor's language: a published
translation is shown, a draft never; otherwise the fallback chain with a note,
links to the languages the mandate has, and hreflang alternates in the head.
Edited in the group's admin page; a change refreshes the cached page."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from common import translations
from common.translations import TranslationStatus
from news.models import FieldTranslation
from stakeholders.models import Role
from tests.factories import RoleAssignmentFactory
from tests.factories.news import FieldTranslationFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from tests.querycount import assert_fixed_query_count

pytestmark = pytest.mark.django_db

MANDATE = "Agree uniform methods for camera-trap surveys."
RUSSIAN = "Согласовать единые методы учётов фотоловушками."
CHINESE_DRAFT = "统一红外相机调查方法。"


@pytest.fixture
def group():
    group = WorkingGroupFactory(slug="camera-trapping", mandate=MANDATE)
    FieldTranslationFactory(target=group, field="mandate", language="ru", text=RUSSIAN)
    FieldTranslationFactory(
        target=group,
        field="mandate",
        language="zh-hans",
        text=CHINESE_DRAFT,
        status=TranslationStatus.DRAFT,
    )
    return group


def _page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_published_translation_is_shown_in_its_language(client, group):
    body = _page(client, "/ru/working-groups/camera-trapping/")
    assert f'<div lang="ru"><p>{RUSSIAN}</p></div>' in body
    assert MANDATE not in body
    assert 'role="note"' not in body  # shown in the language asked for: no note
    # The other language with text is linked, the current one marked.
    assert 'href="/working-groups/camera-trapping/" lang="en" hreflang="en"' in body
    assert '<strong lang="ru" aria-current="true">Русский</strong>' in body


def test_a_draft_translation_is_never_shown_nor_linked(client, group):
    body = _page(client, "/zh-hans/working-groups/camera-trapping/")
    assert CHINESE_DRAFT not in body
    assert MANDATE in body  # Chinese falls back to English...
    assert 'role="note"' in body  # ...with a note saying so
    assert (
        'href="/zh-hans/working-groups/camera-trapping/" lang="zh-hans" hreflang="zh-hans">'
        not in body.split("<main")[1]
    )


def test_mongolian_falls_back_to_russian_with_a_note(client, group):
    body = _page(client, "/working-groups/camera-trapping/?lang=mn")
    assert RUSSIAN in body
    assert MANDATE not in body
    note = body.split('role="note"')[1].split("</p>")[0]
    assert "Монгол" in note and "Русский" in note


def test_without_a_translation_english_is_shown_with_a_note(client, group):
    FieldTranslation.objects.all().delete()
    body = _page(client, "/ru/working-groups/camera-trapping/")
    assert MANDATE in body
    assert 'role="note"' in body
    assert "Languages of this text" not in body  # one language only: nothing to link


def test_hreflang_alternates_name_every_language_of_the_page(client, group, monkeypatch):
    head = _page(client, "/working-groups/camera-trapping/").split("</head>")[0]
    assert 'hreflang="ru" href="http://testserver/ru/working-groups/camera-trapping/"' in head
    # A content language the interface lacks is reached with ?lang= and listed too.
    monkeypatch.setattr(translations, "interface_languages", lambda: {"en", "zh-hans", "ru"})
    FieldTranslationFactory(target=group, field="mandate", language="ko", text="카메라 트랩.")
    head = _page(client, "/working-groups/camera-trapping/").split("</head>")[0]
    assert (
        '<link rel="alternate" hreflang="ko" '
        'href="http://testserver/working-groups/camera-trapping/?lang=ko">' in head
    )
    assert "카메라 트랩." in _page(client, "/working-groups/camera-trapping/?lang=ko")


def test_the_group_list_shows_each_mandate_in_the_visitors_language(client, group):
    WorkingGroupFactory(slug="other", mandate="Other mandate.")
    body = _page(client, "/ru/working-groups/")
    assert f'<p lang="ru">{RUSSIAN}</p>' in body
    assert '<p lang="en">Other mandate.</p>' in body


@pytest.mark.parametrize("path", ["/ru/working-groups/camera-trapping/", "/ru/working-groups/"])
def test_translations_add_a_fixed_number_of_queries(client, group, path):
    def ten_more_translated_groups():
        for index in range(10):
            other = WorkingGroupFactory(slug=f"group-{index}")
            add_member(other)
            FieldTranslationFactory(target=other, field="mandate", language="ru")
            FieldTranslationFactory(target=other, field="mandate", language="ja")

    assert_fixed_query_count(client, path, ten_more_translated_groups)


def test_a_translation_change_refreshes_the_cached_page(client, group, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    path = "/ru/working-groups/camera-trapping/"
    assert RUSSIAN in _page(client, path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    FieldTranslation.objects.filter(language="ru").update(text="stale")  # no signal: still cached
    assert RUSSIAN in _page(client, path)
    translation = FieldTranslation.objects.get(language="ru")
    translation.text = "Новый перевод мандата."
    translation.save()
    assert "Новый перевод мандата." in _page(client, path)
    translation.delete()
    assert MANDATE in _page(client, path)


@pytest.mark.django_db(transaction=True)
def test_translations_are_edited_on_the_groups_admin_page(client):
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    group = WorkingGroupFactory(mandate=MANDATE)
    url = reverse("admin:workinggroups_workinggroup_change", args=[group.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    prefix = "news-fieldtranslation-content_type-object_id"
    data = {
        "slug": group.slug,
        "name": group.name,
        "mandate": group.mandate,
        "status": group.status,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-field": "mandate",
        f"{prefix}-0-language": "ru",
        f"{prefix}-0-source_language": "en",
        f"{prefix}-0-status": "published",
        f"{prefix}-0-text": RUSSIAN,
        f"{prefix}-1-field": "mandate",
        f"{prefix}-1-language": "ru",
        f"{prefix}-1-source_language": "en",
        f"{prefix}-1-status": "draft",
        f"{prefix}-1-text": "Второй перевод.",
    }
    assert "mandate" in form.fields
    # Two Russian translations of one field: refused with a message, nothing saved.
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "at most one translation per language" in refused.content.decode()
    assert not FieldTranslation.objects.exists()
    # A translation made from its own language is refused by the model's checks.
    same = {**data, f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-source_language": "ru"}
    assert client.post(url, same).status_code == 200
    assert not FieldTranslation.objects.exists()
    data[f"{prefix}-TOTAL_FORMS"] = "1"
    assert client.post(url, data).status_code == 302
    saved = FieldTranslation.objects.get()
    assert (saved.content_object, saved.field, saved.language) == (group, "mandate", "ru")
    client.logout()
    assert RUSSIAN in _page(client, f"/ru{group.get_absolute_url()}")
