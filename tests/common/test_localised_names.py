"""Names in the reader's language: groups, areas, organisations, centres,
countries, indicator types and activity titles carry published translations
of their name (FieldTranslation, field "name"/"title") with the content
fallback chain, shown on pages, lists, filters, map data, exports, the API
(by Accept-Language) and mails, at a fixed number of queries."""

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from activities.models import Activity, InformationCentre, ProtectedArea
from common.names import local_name, name_scope
from common.translations import TranslationStatus
from news.models import FieldTranslation
from notifications.mail import application_decision_mail
from stakeholders import services as stakeholder_services
from stakeholders.models import Country, Organisation, Role
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.news import FieldTranslationFactory
from tests.factories.workinggroups import WorkingGroupFactory
from tests.querycount import count_queries
from workinggroups.models import WorkingGroup

pytestmark = pytest.mark.django_db

AREA_RU = "Национальный парк «Земля леопарда»"
AREA_ZH = "豹地国家公园"
ORG_RU = "Всемирный фонд природы"
TITLE_RU = "Совместное патрулирование на границе"


def _name(target, language, text, status=TranslationStatus.PUBLISHED):
    return FieldTranslationFactory(
        target=target, field=target.name_field, language=language, text=text, status=status
    )


@pytest.fixture
def named():
    """A Russian area with Russian and Chinese names, an organisation with a
    Russian one, an activity there with a Russian title and a group with a
    Chinese name."""
    russia = CountryFactory(code="RU")
    area = ProtectedAreaFactory(
        slug="land-of-the-leopard", name="Land of the Leopard National Park", country=russia
    )
    organisation = OrganisationFactory(name="World Wide Fund for Nature", country=russia)
    activity = ActivityFactory(
        title="Joint border patrol",
        lead_organisation=organisation,
        protected_areas=[area],
        location_sensitive=False,
    )
    _name(area, "ru", AREA_RU)
    _name(area, "zh-hans", AREA_ZH)
    _name(organisation, "ru", ORG_RU)
    _name(activity, "ru", TITLE_RU)
    group = WorkingGroupFactory(slug="leopard-survey", name="Leopard survey")
    _name(group, "zh-hans", "远东豹调查")
    return area, organisation, activity


# --- The chain ----------------------------------------------------------------


def test_the_name_follows_the_content_fallback_chain(named):
    area, organisation, _activity = named
    assert local_name(area, "ru") == AREA_RU
    assert local_name(area, "zh-hans") == AREA_ZH
    assert local_name(area, "mn") == AREA_RU  # Mongolian, then Russian, then English
    assert local_name(area, "ko") == "Land of the Leopard National Park"
    assert local_name(organisation, "zh-hans") == "World Wide Fund for Nature"
    with translation.override("ru"):
        assert str(area) == AREA_RU
        assert str(organisation) == ORG_RU  # with the acronym, when there is one


def test_a_draft_name_is_never_shown(named):
    area, _organisation, _activity = named
    draft = _name(area, "ko", "표범의 땅 국립공원", status=TranslationStatus.DRAFT)
    assert local_name(area, "ko") == area.name
    draft.status = TranslationStatus.PUBLISHED
    draft.save()
    assert local_name(area, "ko") == "표범의 땅 국립공원"


def test_countries_use_their_own_name_then_the_catalogue(named):
    russia = Country.objects.get(code="RU")
    assert local_name(russia, "ru") == "Российская Федерация"  # from the catalogue
    _name(russia, "ru", "Россия")
    assert local_name(russia, "ru") == "Россия"  # a published name comes first
    assert local_name(russia, "en") == "Russian Federation"


def test_english_costs_no_query_and_the_names_are_read_once(named):
    area, organisation, _activity = named
    other_areas = ProtectedAreaFactory.create_batch(3)
    for other in other_areas:
        _name(other, "ru", f"Заповедник {other.pk}")
    with CaptureQueriesContext(connection) as english:
        assert local_name(area, "en") == area.name
    assert len(english) == 0
    ContentType.objects.get_for_model(ProtectedArea)  # warm the content-type cache
    ContentType.objects.get_for_model(Organisation)
    with name_scope(), CaptureQueriesContext(connection) as cold:
        names = [local_name(a, "ru") for a in [area, *other_areas]]
        assert local_name(organisation, "ru") == ORG_RU
    assert names[0] == AREA_RU and names[1] == f"Заповедник {other_areas[0].pk}"
    assert len(cold) == 1  # every model's names at once
    with name_scope(), CaptureQueriesContext(connection) as warm:
        assert local_name(area, "ru") == AREA_RU
    assert len(warm) == 0  # from the cache
    # A new or changed name is seen at once (the cache is retired).
    _name(organisation, "zh-hans", "世界自然基金会")
    with name_scope():
        assert local_name(organisation, "zh-hans") == "世界自然基金会"
    row = FieldTranslation.objects.get(
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
        field="name",
        language="ru",
    )
    row.text = "Земля леопарда"
    row.save()
    assert local_name(area, "ru") == "Земля леопарда"
    row.delete()
    assert local_name(area, "ru") == area.name


def test_a_name_is_one_line_and_short():
    group = WorkingGroupFactory()
    row = FieldTranslation(
        content_type=ContentType.objects.get_for_model(WorkingGroup),
        object_id=group.pk,
        field="name",
        language="ru",
        source_language="en",
        status=TranslationStatus.PUBLISHED,
        text="Первая строка\nвторая строка",
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "text" in error.value.message_dict
    row.text = "Я" * 201
    with pytest.raises(ValidationError):
        row.full_clean()
    row.text = "  Учёт леопарда  "
    row.full_clean()
    assert row.text == "Учёт леопарда"


# --- Where names are shown -----------------------------------------------------


def test_pages_and_lists_show_the_readers_names(client, named):
    _area, _organisation, activity = named
    body = client.get(f"/ru/activities/{activity.pk}/").content.decode()
    assert TITLE_RU in body and AREA_RU in body and ORG_RU in body
    assert "Joint border patrol" not in body
    listing = client.get("/ru/activities/").content.decode()
    assert TITLE_RU in listing and ORG_RU in listing
    page = client.get("/zh-hans/protected-areas/land-of-the-leopard/").content.decode()
    assert "<h1" in page and AREA_ZH in page
    english = client.get("/activities/").content.decode()
    assert "Joint border patrol" in english and TITLE_RU not in english


def test_a_content_language_asked_by_parameter_names_in_it(client, named):
    _area, _organisation, _activity = named
    page = client.get("/protected-areas/land-of-the-leopard/?lang=mn").content.decode()
    assert AREA_RU in page  # Mongolian falls back to Russian, as the content does


def test_filters_map_data_and_exports_use_the_readers_names(client, named):
    area, _organisation, activity = named
    listing = client.get("/ru/activities/").content.decode()
    filters = listing.split("<main")[1].split("</form>")[0]
    assert f">{AREA_RU}" in filters  # the protected-area filter's option
    data = client.get("/ru/activities/map/data.json").json()
    assert [a[3] for a in data["areas"] if a[4] == area.slug] == [AREA_RU]
    assert [a[3] for a in data["activities"] if a[0] == activity.pk] == [TITLE_RU]
    rows = list(csv.reader(io.StringIO(client.get("/ru/activities/export.csv").content.decode())))
    row = next(r for r in rows if TITLE_RU in r)
    assert ORG_RU in row and AREA_RU in ",".join(row)


def test_the_api_names_in_the_accept_language(client, named):
    area, _organisation, activity = named
    russian = client.get("/api/v1/protected-areas/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert [a["name"] for a in russian["results"] if a["slug"] == area.slug] == [AREA_RU]
    english = client.get("/api/v1/protected-areas/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert [a["name"] for a in english["results"] if a["slug"] == area.slug] == [area.name]
    detail = client.get(f"/api/v1/activities/{activity.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert detail["title"] == TITLE_RU
    assert detail["lead_organisation"]["name"] == ORG_RU


def test_a_mail_names_in_the_members_language(django_capture_on_commit_callbacks, named):
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    application = ApplicationFactory(
        name="Amur Tiger Centre",
        applicant=UserFactory(language="ru"),
        country=Country.objects.get(code="RU"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        stakeholder_services.application_approve(application=application, decided_by=secretariat)
    application.refresh_from_db()
    _name(application.organisation, "ru", "Центр «Амурский тигр»")
    mail.outbox.clear()
    message = application_decision_mail(application)
    assert "Центр «Амурский тигр»" in message.body
    assert "Центр «Амурский тигр»" in message.alternatives[0][0]


@pytest.mark.parametrize(
    "path", ["/ru/activities/", "/ru/activities/map/data.json", "/zh-hans/working-groups/"]
)
def test_named_lists_keep_the_query_count_fixed(client, named, path):
    def ten_more_named():
        for n in range(10):
            area = ProtectedAreaFactory()
            _name(area, "ru", f"Заповедник {n}")
            activity = ActivityFactory(protected_areas=[area], location_sensitive=False)
            _name(activity, "ru", f"Патрулирование {n}")
            _name(activity.lead_organisation, "ru", f"Организация {n}")
            group = WorkingGroupFactory()
            _name(group, "zh-hans", f"工作组{n}")

    client.get(path)  # warms the process-wide caches (content types, names)
    small = count_queries(client, path)
    ten_more_named()
    client.get(path)  # the new names retired the cached ones: read again once
    assert count_queries(client, path) == small


# --- The demo data -------------------------------------------------------------


def test_the_demo_names_groups_areas_centres_and_organisations(demo_data):
    def languages(model, obj):
        return set(
            FieldTranslation.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_id=obj.pk,
                field=model.name_field,
                status=TranslationStatus.PUBLISHED,
            ).values_list("language", flat=True)
        )

    every = {"zh-hans", "ru", "ko", "ja", "mn"}
    for group in WorkingGroup.objects.all():
        assert languages(WorkingGroup, group) >= every, group.slug
    for country in Country.objects.all():
        assert languages(Country, country) >= every, country.code
    for model in (ProtectedArea, InformationCentre, Organisation):
        for obj in model.objects.all():
            assert languages(model, obj) >= {"zh-hans", "ru"}, obj.slug
    with translation.override("zh-hans"):
        park = ProtectedArea.objects.get(slug="northeast-china-tiger-and-leopard-national-park")
        assert str(park) == "东北虎豹国家公园"
    with translation.override("ru"):
        park = ProtectedArea.objects.get(slug="land-of-the-leopard-national-park")
        assert str(park) == "Национальный парк «Земля леопарда»"
    assert Activity.objects.exists()
