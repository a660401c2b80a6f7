"""The public side under bad input and change: an unknown slug or id is the
friendly 404 page in the visitor's language, for every kind of public page and
every interface language (a meeting is not among them: for a visitor, a
missing meeting and a private one both ask to sign in, so nothing leaks);
and every kind of public content, once changed, is shown fresh although its
pages are cached for visitors."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from committee.models import CommitteeSeat
from tests.factories import OrganisationFactory, PersonFactory, StakeholderTypeFactory
from tests.factories.activities import ActivityFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import PublicEventFactory
from tests.factories.news import AboutPageFactory, ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory

pytestmark = pytest.mark.django_db

UNKNOWN = [
    "/news/no-such-article/",
    "/working-groups/no-such-group/",
    "/members/no-such-organisation/",
    "/activities/999999/",
    "/activities/not-a-number/",
    "/about/no-such-page/",
    "/news/topics/no-such-topic/feed/",
    "/no-such-section/",
]


def _prefixed(language, path):
    return path if language == settings.LANGUAGE_CODE else f"/{language}{path}"


@pytest.mark.parametrize("path", UNKNOWN)
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_an_unknown_address_is_the_friendly_404_in_the_visitors_language(client, language, path):
    response = client.get(_prefixed(language, path))
    assert response.status_code == 404
    body = response.content.decode()
    assert f'<html lang="{language}"' in body
    assert '<main id="main"' in body
    with translation.override(language):
        heading = gettext("We could not find that page")
    assert heading in body
    assert "Traceback" not in body


@pytest.mark.parametrize(
    "path", ["/news/%F0%9F%90%AF/", "/working-groups/%E4%B8%9C%E5%8C%97/", "/members/%00/"]
)
def test_odd_characters_in_a_slug_are_a_404_too(client, path):
    assert client.get(path).status_code == 404


def _fresh_after_change(client, path, before, change, after):
    """`path` is cached for visitors; after `change()` it shows `after`."""
    first = client.get(path)
    assert first.status_code == 200
    assert before in first.content.decode()
    assert client.get(path)["X-Page-Cache"] == "hit"
    change()
    fresh = client.get(path)
    assert fresh["X-Page-Cache"] == "miss"
    assert after in fresh.content.decode()
    assert before not in fresh.content.decode() or before in after


def _renamed(obj, field, value):
    def change():
        setattr(obj, field, value)
        obj.save()

    return change


def test_an_article_change_refreshes_the_news_and_home(client, settings, tmp_path):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(author_centre=InformationCentreFactory(), title="Old headline")
    _fresh_after_change(
        client, "/", "Old headline", _renamed(article, "title", "New headline"), "New headline"
    )


@pytest.mark.parametrize(
    "kind", ["organisation", "group", "activity", "event", "document", "about page"]
)
def test_a_change_refreshes_its_cached_page(client, settings, tmp_path, kind):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    if kind == "organisation":
        obj, path, field = OrganisationFactory(name="Old name"), "/members/", "name"
    elif kind == "group":
        obj, path, field = WorkingGroupFactory(name="Old name"), "/working-groups/", "name"
    elif kind == "activity":
        obj, path, field = ActivityFactory(title="Old name"), "/activities/", "title"
    elif kind == "event":
        obj, path, field = PublicEventFactory(title="Old name", group=None), "/events/", "title"
    elif kind == "document":
        obj, path, field = DocumentFactory(title="Old name"), "/documents/", "title"
    else:
        obj = AboutPageFactory(title="Old name")
        path, field = "/about/", "title"
    _fresh_after_change(client, path, "Old name", _renamed(obj, field, "New name"), "New name")


def test_a_seat_whose_term_ends_leaves_the_cached_committee_page(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    today = timezone.localdate()
    holder = PersonFactory(full_name="Anna Petrova")
    seat = CommitteeSeat.objects.create(
        stakeholder_type=StakeholderTypeFactory(),
        country=holder.organisation.country,
        holder=holder,
        term_start=today - datetime.timedelta(days=30),
        term_end=today + datetime.timedelta(days=300),
    )

    def end_the_term():
        seat.term_end = today - datetime.timedelta(days=1)
        seat.save()

    _fresh_after_change(client, "/committee/", "Anna Petrova", end_the_term, "")
    assert "Anna Petrova" not in client.get("/committee/").content.decode()
