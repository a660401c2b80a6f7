"""The secretariat's editor in the admin: articles with their translations,
about pages with theirs, topics, and translations of a group's mandate or an
organisation's description."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from common.translations import translated_field
from news.models import FieldTranslation
from tests.factories import OrganisationFactory
from tests.factories.news import AboutPageFactory, ArticleFactory, TopicFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_news_admin_page_opens(secretariat_client, centre_cn):
    article = ArticleFactory(author_centre=centre_cn)
    page = AboutPageFactory()
    topic = TopicFactory()
    for name, obj in (
        ("article", article),
        ("aboutpage", page),
        ("topic", topic),
        ("fieldtranslation", None),
    ):
        assert secretariat_client.get(reverse(f"admin:news_{name}_changelist")).status_code == 200
        assert secretariat_client.get(reverse(f"admin:news_{name}_add")).status_code == 200
        if obj is not None:
            url = reverse(f"admin:news_{name}_change", args=[obj.pk])
            assert secretariat_client.get(url).status_code == 200


def test_a_scheduled_article_without_its_time_is_refused(secretariat_client, centre_cn):
    response = secretariat_client.post(
        reverse("admin:news_article_add"),
        {
            "title": "Later",
            "slug": "later",
            "language": "en",
            "summary": "Later.",
            "body": "<p>Later.</p>",
            "author_centre": centre_cn.pk,
            "status": "scheduled",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "publish_at" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("model", "field"), [("organisation", "description"), ("group", "mandate")]
)
def test_a_field_translation_is_added_in_the_admin(secretariat_client, model, field):
    target = OrganisationFactory() if model == "organisation" else WorkingGroupFactory()
    content_type = ContentType.objects.get_for_model(target)
    data = {
        "content_type": content_type.pk,
        "object_id": target.pk,
        "field": field,
        "language": "ru",
        "source_language": "en",
        "status": "published",
        "text": "Перевод на русский.",
    }
    url = reverse("admin:news_fieldtranslation_add")
    assert secretariat_client.post(url, data).status_code == 302
    assert translated_field(target, field, "ru").text == "Перевод на русский."
    wrong = secretariat_client.post(url, {**data, "language": "zh-hans", "object_id": 999999})
    assert wrong.status_code == 200
    assert FieldTranslation.objects.count() == 1


def test_centre_staff_do_not_enter_the_admin(client, staff_cn):
    client.force_login(staff_cn)
    response = client.get(reverse("admin:news_article_changelist"))
    assert response.status_code in (302, 403)
