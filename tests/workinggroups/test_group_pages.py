"""Group pages run a fixed number of queries, whatever the number of members,
meetings and documents; public and private sides differ as they should."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents.models import Document
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import ActionItemFactory, MeetingFactory, PublicEventFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


def _fill(group, scale):
    for _ in range(scale):
        add_member(group)
        MeetingFactory(group=group)
        PublicEventFactory(group=group)
        DocumentFactory(group=group, access=Document.Access.GROUP)
        DocumentFactory(group=group, access=Document.Access.PUBLIC)
        ActionItemFactory(meeting=MeetingFactory(group=group))


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("viewer", ["visitor", "member", "lead"])
@pytest.mark.parametrize("page", ["group", "members", "list"])
def test_group_pages_query_count_is_fixed(client, settings, tmp_path, viewer, page):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    group = WorkingGroupFactory()
    lead = add_member(group, GroupRole.LEAD).user
    member = add_member(group).user
    if viewer == "visitor" and page == "members":
        pytest.skip("the members page is for members")
    if viewer != "visitor":
        client.force_login(lead if viewer == "lead" else member)
    url = {
        "group": group.get_absolute_url(),
        "members": reverse("workinggroups:members", args=[group.slug]),
        "list": reverse("workinggroups:list"),
    }[page]
    _fill(group, 3)
    client.get(url)  # warm process-wide caches (content types) first
    small = _count(client, url)
    _fill(group, 27)
    assert _count(client, url) == small


def test_visitors_see_the_public_side_only(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    group = WorkingGroupFactory()
    add_member(group, GroupRole.LEAD)
    PublicEventFactory(group=group, title="Tiger Festival")
    MeetingFactory(group=group, title="Internal planning meeting")
    DocumentFactory(group=group, access=Document.Access.GROUP, title="Draft protocol")
    DocumentFactory(group=group, access=Document.Access.PUBLIC, title="Survey report 2025")
    body = client.get(group.get_absolute_url()).content.decode()
    assert "Tiger Festival" in body
    assert "Survey report 2025" in body
    assert "Internal planning meeting" not in body
    assert "Draft protocol" not in body
