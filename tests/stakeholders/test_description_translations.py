"""Representatives keep their organisation's description in every language:
from its edit page they open the translation workspace's edit page for a
language (the same services and outdated fingerprints), publish, and the
change lands in the organisation's recent changes. Permission: the
organisation's representatives and the secretariat; everyone else is refused."""

import pytest
from django.urls import reverse

from common.translations import TranslationStatus, translated_field
from news.models import FieldTranslation
from stakeholders import services
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory

RUSSIAN = "Фотоловушки и борьба с браконьерством в Амурском регионе."

ANONYMOUS = "anonymous"
ACCOUNTS = [
    ANONYMOUS,
    "secretariat@demo.example",
    "committee@demo.example",
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",
    "centre-cn@demo.example",
    "centre-ru@demo.example",
    "user@demo.example",
]
ALLOWED = {"secretariat@demo.example", "rep-wwf@demo.example"}


def _url(organisation, language):
    return reverse(
        "translations:edit",
        kwargs={"kind": "organisation", "pk": organisation.pk, "language": language},
    )


@pytest.mark.parametrize("account", ACCOUNTS)
def test_who_translates_the_wwf_description(client, module_demo_user, account):
    """Only WWF's representative and the secretariat open and publish the
    translation of WWF's description; everyone else gets 403/404 (a visitor
    is sent to sign in) and nothing is stored."""
    wwf = Organisation.objects.get(slug="wwf")
    assert wwf.description, "the demo's WWF has a description to translate"
    if account != ANONYMOUS:
        client.force_login(module_demo_user(account))
    url = _url(wwf, "ru")
    page = client.get(url)
    response = client.post(url, {"description": RUSSIAN, "publish": "1"})
    stored = FieldTranslation.objects.filter(
        object_id=wwf.pk, field="description", language="ru", text=RUSSIAN
    ).exists()
    if account in ALLOWED:
        assert page.status_code == 200
        assert response.status_code == 302 and stored
    elif account == ANONYMOUS:
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]
        assert response.status_code == 302 and not stored
    else:
        assert page.status_code in (403, 404) and response.status_code in (403, 404)
        assert not stored


@pytest.fixture
def representative(client, db):
    organisation = OrganisationFactory(
        slug="amur-tiger-centre", description="Camera trapping in the Amur landscapes."
    )
    user = UserFactory(full_name="Anna Representative")
    services.person_make_representative(organisation=organisation, user=user)
    client.force_login(user)
    return organisation


def _edit_page(client, organisation):
    response = client.get(reverse("stakeholders:organisation_edit", args=[organisation.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_edit_page_lists_each_language_and_links_to_its_translation(client, representative):
    """A representative with no translator languages on their profile still
    gets every language of their own description, each with its state."""
    page = _edit_page(client, representative)
    assert "The description in other languages" in page
    for language in ("zh-hans", "ru", "ko", "ja", "mn"):
        assert f'href="{_url(representative, language)}"' in page
    assert page.count("not translated") == 5


def test_a_draft_then_published_translation_is_recorded_and_shown(client, representative):
    url = _url(representative, "ru")
    assert client.post(url, {"description": "Черновик.", "draft": "1"}).status_code == 302
    assert translated_field(representative, "description", "ru").language == "en"  # draft unseen
    assert client.post(url, {"description": RUSSIAN, "publish": "1"}).status_code == 302
    row = FieldTranslation.objects.get(object_id=representative.pk, language="ru")
    assert row.status == TranslationStatus.PUBLISHED and row.source_digest
    assert translated_field(representative, "description", "ru").text == RUSSIAN
    assert row.history.count() == 2  # the draft, then its publication
    page = _edit_page(client, representative)
    assert "Anna Representative saved a draft of the description&#x27;s translation into" in page
    assert "Anna Representative published the description&#x27;s translation into" in page
    assert "published, up to date" in page
    assert RUSSIAN in client.get(f"/ru/members/{representative.slug}/").content.decode()


def test_changing_the_english_description_marks_the_translation_outdated(client, representative):
    client.post(_url(representative, "ru"), {"description": RUSSIAN, "publish": "1"})
    representative.description = "Camera trapping and snare removal in the Amur landscapes."
    representative.save()
    page = _edit_page(client, representative)
    assert "outdated: the description changed since" in page
    # The translation page shows what changed, as in the workspace.
    assert "snare removal" in client.get(_url(representative, "ru")).content.decode()


def test_a_representative_translates_only_their_own_organisation(client, representative):
    other = OrganisationFactory(description="Another organisation's text.")
    assert client.get(_url(other, "ru")).status_code in (403, 404)
    response = client.post(_url(other, "ru"), {"description": RUSSIAN, "publish": "1"})
    assert response.status_code in (403, 404)
    assert not FieldTranslation.objects.filter(object_id=other.pk).exists()
    page = client.get(reverse("stakeholders:organisation_edit", args=[other.slug]))
    assert page.status_code in (403, 404)


def test_empty_translation_is_refused_with_the_form_again(client, representative):
    response = client.post(_url(representative, "ru"), {"description": "", "publish": "1"})
    assert response.status_code in (200, 400) and "description" in response.context["form"].errors
    assert not FieldTranslation.objects.filter(object_id=representative.pk).exists()


def test_the_workspace_lists_the_representatives_own_description(client, representative):
    """The workspace is theirs too: with Russian on their profile it lists
    their organisation's description to translate, and no other's."""
    OrganisationFactory(name="Someone else's organisation", description="Not theirs.")
    user = representative.people.get().user
    user.translation_languages = "ru"
    user.save(update_fields=["translation_languages"])
    page = client.get(reverse("translations:list")).content.decode()
    assert f'href="{_url(representative, "ru")}"' in page
    assert "Someone else" not in page
