"""Search runs a fixed number of queries, whatever the amount of content:
one per kind of result (plus the session, the user and their roles when
signed in), the same with 3 and with 30 matches of every kind."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from documents.models import Document
from search.registry import providers
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, PersonFactory, UserFactory
from tests.factories.activities import ActivityFactory, ProtectedAreaFactory
from tests.factories.activities_extra import secretariat_user
from tests.factories.documents import DocumentFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member

from .conftest import SEARCH_URL

pytestmark = pytest.mark.django_db


def make_content(count, group, start=0):
    """`count` matches of every kind, and as many the visitor may not see."""
    for n in range(start, start + count):
        organisation = OrganisationFactory(name=f"Tiger society {n}", description="Tigers.")
        OrganisationFactory(name=f"Tiger applicant {n}", status=Organisation.Status.APPLICANT)
        WorkingGroupFactory(name=f"Tiger group {n}", mandate="Counts tigers.")
        activity = ActivityFactory(
            title=f"Tiger patrol {n}", lead_organisation=organisation, group=group
        )
        activity.organisations.set([organisation, OrganisationFactory()])
        ActivityFactory(title=f"Tiger proposal {n}", status=Activity.Status.PROPOSED, group=group)
        DocumentFactory(title=f"Tiger report {n}", versions=0)
        DocumentFactory(title=f"Tiger briefing {n}", access=Document.Access.MEMBERS, versions=0)
        DocumentFactory(
            title=f"Tiger notes {n}", access=Document.Access.GROUP, group=group, versions=0
        )
        ProtectedAreaFactory(name=f"Tiger reserve {n}", description="Tigers live here.")
        if apps.is_installed("news"):
            from news.models import Article
            from tests.factories.news import ArticleFactory

            ArticleFactory(title=f"Tiger news {n}", slug=f"tiger-news-{n}")
            ArticleFactory(
                title=f"Tiger draft {n}",
                slug=f"tiger-draft-{n}",
                status=Article.Status.DRAFT,
                publish_at=None,
            )


def count_queries(client, params, *, shown=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(SEARCH_URL, params)
    assert response.status_code == 200
    context = response.context
    hits = (
        len(context["results"].hits)
        if context.get("results")
        else sum(len(kind.hits) for kind in context["kinds"])
    )
    if shown is not None:
        assert hits == shown
    assert hits > 0
    return len(captured)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Patrol coordination")


def partner_in(group):
    return add_member(group).user


def plain_partner():
    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory())
    return user


VIEWERS = {
    "visitor": lambda group: None,
    "registered user": lambda group: UserFactory(),
    "partner": lambda group: plain_partner(),
    "group member": partner_in,
    "secretariat": lambda group: secretariat_user(),
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_overview_runs_one_query_per_kind_whatever_the_content(client, group, viewer):
    user = VIEWERS[viewer](group)
    if user is not None:
        client.force_login(user)
    kinds = len(providers())
    make_content(3, group)
    client.get(SEARCH_URL, {"q": "tiger"})  # warm up (content types, permissions)
    visitor = user is None
    small = count_queries(client, {"q": "tiger"}, shown=kinds * 3 if visitor else None)
    make_content(27, group, start=3)
    large = count_queries(client, {"q": "tiger"}, shown=kinds * 5 if visitor else None)
    assert small == large, (small, large)
    if user is None:
        assert small == kinds  # a visitor: nothing but one query per kind


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_page_of_one_kind_is_one_query_whatever_the_content(client, group, viewer):
    user = VIEWERS[viewer](group)
    if user is not None:
        client.force_login(user)
    make_content(3, group)
    for provider in providers():
        params = {"q": "tiger", "kind": provider.key}
        client.get(SEARCH_URL, params)
        small = count_queries(client, params, shown=3 if user is None else None)
        assert small == count_queries(client, {**params, "page": "1"})
        if user is None:
            assert small == 1
    make_content(27, group, start=3)
    for provider in providers():
        params = {"q": "tiger", "kind": provider.key}
        large = count_queries(client, params, shown=20)
        assert count_queries(client, {**params, "page": "2"}) == large
    assert small == large, (small, large)


def test_no_query_for_a_query_without_words(client, group):
    make_content(3, group)
    for q in ("", "%%", "🐯"):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEARCH_URL, {"q": q}).status_code == 200
        assert len(captured) == 0, q
