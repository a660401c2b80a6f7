"""An organisation's description in the visitor's language, on its profile
(with the language note and links) and in the directory (one query for the
whole page); drafts never shown; edited in the organisation's admin page."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from common.translations import TranslationStatus
from news.models import FieldTranslation
from stakeholders.models import Role
from tests.factories import OrganisationFactory, RoleAssignmentFactory
from tests.factories.news import FieldTranslationFactory
from tests.querycount import assert_fixed_query_count

pytestmark = pytest.mark.django_db

ENGLISH = "Camera trapping and anti-poaching in the Amur landscapes."
CHINESE = "在阿穆尔地区开展红外相机监测和反盗猎工作。"
RUSSIAN_DRAFT = "Фотоловушки и борьба с браконьерством."


@pytest.fixture
def wwf():
    organisation = OrganisationFactory(slug="wwf", description=ENGLISH)
    FieldTranslationFactory(target=organisation, language="zh-hans", text=CHINESE)
    FieldTranslationFactory(
        target=organisation, language="ru", text=RUSSIAN_DRAFT, status=TranslationStatus.DRAFT
    )
    return organisation


def _main(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_the_profile_shows_the_published_chinese_translation(client, wwf):
    main = _main(client, "/zh-hans/members/wwf/")
    assert f'<div lang="zh-hans"><p>{CHINESE}</p></div>' in main
    assert ENGLISH not in main
    assert 'role="note"' not in main
    assert '<a href="/members/wwf/" lang="en" hreflang="en">English</a>' in main


def test_a_draft_is_not_shown_russian_readers_get_english_with_a_note(client, wwf):
    main = _main(client, "/ru/members/wwf/")
    assert RUSSIAN_DRAFT not in main
    assert f'<div lang="en"><p>{ENGLISH}</p></div>' in main
    assert 'role="note"' in main
    # Linked: the languages with readable text only, never the draft's.
    assert 'href="/zh-hans/members/wwf/" lang="zh-hans"' in main
    assert 'href="/ru/members/wwf/" lang="ru"' not in main


def test_publishing_the_draft_shows_it_and_refreshes_the_cached_profile(client, wwf, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    assert RUSSIAN_DRAFT not in _main(client, "/ru/members/wwf/")
    assert client.get("/ru/members/wwf/")["X-Page-Cache"] == "hit"
    draft = FieldTranslation.objects.get(language="ru")
    draft.status = TranslationStatus.PUBLISHED
    draft.save()
    main = _main(client, "/ru/members/wwf/")
    assert f'<div lang="ru"><p>{RUSSIAN_DRAFT}</p></div>' in main
    assert 'role="note"' not in main


def test_an_organisation_without_description_shows_no_note(client):
    OrganisationFactory(slug="quiet", description="")
    main = _main(client, "/ru/members/quiet/")
    assert 'role="note"' not in main
    assert "Languages of this text" not in main


def test_the_directory_shows_descriptions_in_the_visitors_language(client, wwf):
    OrganisationFactory(description="Untranslated description.")
    main = _main(client, "/zh-hans/members/")
    assert f'<p lang="zh-hans">{CHINESE}</p>' in main
    assert '<p lang="en">Untranslated description.</p>' in main


@pytest.mark.parametrize("path", ["/zh-hans/members/", "/zh-hans/members/wwf/"])
def test_translations_keep_the_query_count_fixed(client, wwf, path):
    def ten_more_translated_organisations():
        for _ in range(10):
            other = OrganisationFactory()
            FieldTranslationFactory(target=other, language="zh-hans")
            FieldTranslationFactory(target=other, language="ja")

    assert_fixed_query_count(client, path, ten_more_translated_organisations)


@pytest.mark.django_db(transaction=True)
def test_translations_are_edited_on_the_organisations_admin_page(client, wwf):
    staff = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    url = reverse("admin:stakeholders_organisation_change", args=[wwf.pk])
    page = client.get(url)
    assert page.status_code == 200
    inline = next(
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.formset.model is FieldTranslation
    ).formset
    assert len(inline.forms) == 2  # both translations, the draft too, are there to edit
    assert [choice for choice, _label in inline.forms[0].fields["field"].choices] == [
        "description",
        "name",
    ]
    data = {
        "slug": wwf.slug,
        "name": wwf.name,
        "acronym": wwf.acronym,
        "country": wwf.country_id,
        "stakeholder_type": wwf.stakeholder_type_id,
        "website": wwf.website,
        "description": wwf.description,
        "status": wwf.status,
        "joined_on": "",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
    }
    prefix = inline.prefix
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    data[f"{prefix}-INITIAL_FORMS"] = "2"
    for index, row in enumerate(inline.queryset):
        data.update(
            {
                f"{prefix}-{index}-id": row.pk,
                f"{prefix}-{index}-field": "description",
                f"{prefix}-{index}-language": row.language,
                f"{prefix}-{index}-source_language": "en",
                f"{prefix}-{index}-status": "published",
                f"{prefix}-{index}-text": row.text,
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert set(FieldTranslation.objects.values_list("status", flat=True)) == {"published"}
