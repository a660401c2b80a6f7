"""The library page: what each person sees, filters in the address, pagination,
a fixed number of queries, and the group page's list."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import selectors
from documents.models import Document
from tests.factories.documents import DocumentFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db

LIBRARY = reverse("documents:library")


def _titles(client, query=""):
    response = client.get(LIBRARY + query)
    assert response.status_code == 200
    return sorted(d.title for d in response.context["page"].object_list)


@pytest.fixture
def shelf(group, other_group):
    DocumentFactory(title="Harbin Consensus", access="public", language="en", description="")
    DocumentFactory(title="Partner briefing", access="members", language="ru", description="")
    DocumentFactory(title="Survey protocol draft", access="group", group=group, description="")
    DocumentFactory(title="Patrol plan draft", access="group", group=other_group)
    DocumentFactory(
        title="Survey results", access="public", group=group, description="Camera traps"
    )


def test_visitors_see_public_documents_only(client, shelf):
    assert _titles(client) == ["Harbin Consensus", "Survey results"]
    assert "sign in to see them" in client.get(LIBRARY).content.decode()


def test_partners_also_see_members_documents(client, shelf, partner):
    client.force_login(partner)
    assert _titles(client) == ["Harbin Consensus", "Partner briefing", "Survey results"]


def test_group_members_also_see_their_groups_documents(client, shelf, member):
    client.force_login(member)
    assert _titles(client) == [
        "Harbin Consensus",
        "Partner briefing",
        "Survey protocol draft",
        "Survey results",
    ]


def test_the_secretariat_sees_everything(client, shelf, secretariat):
    client.force_login(secretariat)
    assert len(_titles(client)) == 5


def test_filters_combine_and_live_in_the_address(client, shelf, member, group):
    client.force_login(member)
    assert _titles(client, "?q=survey") == ["Survey protocol draft", "Survey results"]
    assert _titles(client, "?q=camera") == ["Survey results"]  # the description counts
    assert _titles(client, "?language=ru") == ["Partner briefing"]
    assert _titles(client, "?access=group") == ["Survey protocol draft"]
    assert _titles(client, f"?group={group.slug}&access=public") == ["Survey results"]
    assert _titles(client, "?group=anti-poaching") == []  # not theirs: nothing shows


def test_bad_filter_values_show_an_error_not_a_crash(client, shelf):
    response = client.get(LIBRARY + "?language=xx&group=no-such-group")
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "Select a valid choice" in response.content.decode()


def test_pages_of_twenty_keep_the_filters(client):
    for index in range(45):
        DocumentFactory(title=f"Monitoring report {index:02}", versions=0)
    response = client.get(LIBRARY + "?q=monitoring")
    page = response.context["page"]
    assert len(page.object_list) == 20
    assert page.paginator.num_pages == 3
    assert 'href="?q=monitoring&amp;page=2"' in response.content.decode()
    assert len(client.get(LIBRARY + "?q=monitoring&page=3").context["page"].object_list) == 5


def test_rows_show_the_latest_version_and_no_email_addresses(client, member, group):
    document = DocumentFactory(title="Protocol", access="public", group=group, versions=3)
    document.uploaded_by.full_name = ""
    document.uploaded_by.save()
    html = client.get(LIBRARY).content.decode()
    assert reverse("documents:download", args=[document.pk, 3]) in html
    assert reverse("documents:download", args=[document.pk, 1]) not in html
    assert "Download version 3 (PDF," in html
    assert document.uploaded_by.email not in html
    assert "a partnership member" in html


def _make_documents(count, group, other_group):
    access = ["public", "members", "group"]
    for index in range(count):
        DocumentFactory(
            access=access[index % 3],
            group=(group, other_group)[index % 2] if index % 3 else group,
            versions=2,
        )


def _queries(client, url):
    client.get(url)  # the reader's unread count and the like, kept from now on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.context["page"].object_list)


@pytest.mark.parametrize("viewer", ["anonymous", "partner", "member", "secretariat"])
def test_query_count_does_not_grow_with_the_number_of_documents(
    client, group, other_group, viewer, request
):
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))
    counts = []
    for total in (5, 50):
        Document.objects.all().delete()
        _make_documents(total, group, other_group)
        counts.append(_queries(client, LIBRARY))
        counts.append(_queries(client, LIBRARY + f"?group={group.slug}&q=report&page=1"))
    (small, small_shown), (small_f, _), (large, large_shown), (large_f, _) = counts
    assert large_shown > small_shown  # the larger set really shows more rows
    assert small == large, counts
    assert small_f == large_f, counts
    assert large <= 14, counts


def test_the_document_page_has_a_fixed_number_of_queries(client, member, group):
    client.force_login(member)
    few = DocumentFactory(access="group", group=group, versions=1)
    many = DocumentFactory(access="group", group=group, versions=10)
    assert _detail_queries(client, few) == _detail_queries(client, many)


def _detail_queries(client, document):
    client.get(document.get_absolute_url())  # the reader's unread count, kept from now on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    return len(captured)


def test_group_page_list_shows_what_the_viewer_may_see(rf_request, group, member, other_member):
    DocumentFactory(title="Public results", access="public", group=group)
    DocumentFactory(title="Members' briefing", access="members", group=group)
    DocumentFactory(title="Draft protocol", access="group", group=group)

    def render(user):
        request = rf_request(user)
        documents = selectors.documents_for_group(user, group)
        return render_to_string(
            "documents/_group_documents.html",
            {"documents": documents, "group": group},
            request=request,
        )

    visitor = render(AnonymousUser())
    assert "Public results" in visitor
    assert "Members&#x27; briefing" not in visitor
    assert "Draft protocol" not in visitor
    assert "Add a document" not in visitor
    assert f"/documents/?group={group.slug}" in visitor

    outsider_member = render(fresh(other_member))
    assert "Members&#x27; briefing" in outsider_member
    assert "Draft protocol" not in outsider_member
    assert "Add a document" not in outsider_member

    own = render(fresh(member))
    assert "Draft protocol" in own
    assert f"/documents/new/?group={group.slug}" in own


def test_group_page_list_when_empty(rf_request, group):
    html = render_to_string(
        "documents/_group_documents.html",
        {"documents": Document.objects.none(), "group": group},
        request=rf_request(AnonymousUser()),
    )
    assert "No documents yet." in html


@pytest.fixture
def rf_request():
    def make(user):
        request = RequestFactory().get("/working-groups/joint-survey/")
        request.user = user
        return request

    return make
