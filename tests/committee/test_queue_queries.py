"""The committee's queue runs a fixed number of queries, whatever the number
of activity proposals, reports and work plans in it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.factories.activities_extra import committee_member, propose, representative_of

pytestmark = pytest.mark.django_db


def _count(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("committee:queue"))
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("scoped", [False, True])
def test_queue_query_count_is_fixed(client, scoped):
    lead = OrganisationFactory()
    representative = representative_of(lead)
    reviewer = committee_member(country=lead.country if scoped else None)
    client.force_login(reviewer)
    for _ in range(3):
        propose(representative, lead)
    client.get(reverse("committee:queue"))  # warm process-wide caches
    small, _response = _count(client)
    for _ in range(27):
        propose(representative, lead)
    large, response = _count(client)
    assert large == small
    assert response.context["page"].paginator.count == 30
