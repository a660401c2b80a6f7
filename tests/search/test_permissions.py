"""Search results never hold what the searcher may not see, nor count it, and
do hold it for those entitled: members-only and group documents, proposed
activities, inactive organisations."""

import pytest

from activities.models import Activity
from documents.models import Document
from stakeholders.models import Organisation, Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import ActivityFactory
from tests.factories.activities_extra import committee_member, representative_of, secretariat_user
from tests.factories.documents import DocumentFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import WorkingGroup

from .conftest import found, search, totals

pytestmark = pytest.mark.django_db


def partner():
    """Works for an active member organisation, in no group."""
    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory())
    return user


def sees(client, user, query, kind, title) -> bool:
    """Whether `user` finds `title` among the results of `kind`, on the
    overview and on the kind's own page; and the page never mentions it
    otherwise."""
    client.logout()
    if user is not None:
        client.force_login(user)
    overview = found(client, query).get(kind, [])
    own_page = found(client, query, kind=kind).get(kind, [])
    assert (title in overview) == (title in own_page)
    if title not in overview:
        for params in ({}, {"kind": kind}):
            assert title not in search(client, query, **params).content.decode()
    return title in overview


# --- Documents ------------------------------------------------------------------


@pytest.fixture
def documents(db):
    group = WorkingGroupFactory(name="Camera trapping")
    DocumentFactory(title="Snowfield atlas public", access=Document.Access.PUBLIC)
    DocumentFactory(title="Snowfield briefing members", access=Document.Access.MEMBERS)
    DocumentFactory(title="Snowfield notes group", access=Document.Access.GROUP, group=group)
    return group


def test_a_visitor_finds_only_public_documents(client, documents):
    assert found(client, "snowfield") == {"documents": ["Snowfield atlas public"]}
    assert totals(client, "snowfield") == {"documents": 1}
    assert not sees(client, None, "snowfield", "documents", "Snowfield briefing members")
    assert not sees(client, None, "snowfield", "documents", "Snowfield notes group")


def test_a_signed_in_user_of_no_member_organisation_sees_no_more(client, documents):
    outsider = UserFactory()
    assert not sees(
        client, outsider, "snowfield briefing", "documents", "Snowfield briefing members"
    )
    assert not sees(client, outsider, "snowfield notes", "documents", "Snowfield notes group")


def test_a_partner_finds_members_only_documents_but_not_group_ones(client, documents):
    user = partner()
    assert sees(client, user, "snowfield", "documents", "Snowfield briefing members")
    assert not sees(client, user, "snowfield", "documents", "Snowfield notes group")
    assert totals(client, "snowfield") == {"documents": 2}


def test_a_group_member_finds_the_group_documents(client, documents):
    member = add_member(documents).user
    assert sees(client, member, "snowfield", "documents", "Snowfield notes group")
    assert sees(client, member, "snowfield", "documents", "Snowfield briefing members")
    other = add_member(WorkingGroupFactory(name="Other group")).user
    assert not sees(client, other, "snowfield", "documents", "Snowfield notes group")


def test_the_secretariat_finds_every_document(client, documents):
    client.force_login(secretariat_user())
    assert totals(client, "snowfield") == {"documents": 3}


# --- Activities -----------------------------------------------------------------


@pytest.fixture
def proposal(db):
    ActivityFactory(title="Wolverine count approved", status=Activity.Status.APPROVED)
    ActivityFactory(title="Wolverine count completed", status=Activity.Status.COMPLETED)
    ActivityFactory(title="Wolverine count declined", status=Activity.Status.DECLINED)
    return ActivityFactory(title="Wolverine count proposed", status=Activity.Status.PROPOSED)


def test_a_visitor_never_finds_a_proposed_or_declined_activity(client, proposal):
    assert found(client, "wolverine") == {
        "activities": ["Wolverine count approved", "Wolverine count completed"]
    }
    assert totals(client, "wolverine") == {"activities": 2}
    assert not sees(client, None, "wolverine", "activities", "Wolverine count proposed")
    assert not sees(client, UserFactory(), "wolverine", "activities", "Wolverine count proposed")
    assert not sees(client, partner(), "wolverine", "activities", "Wolverine count declined")


def test_those_involved_and_the_committee_find_a_proposal(client, proposal):
    assert sees(client, proposal.proposed_by, "wolverine", "activities", "Wolverine count proposed")
    assert sees(client, committee_member(), "wolverine", "activities", "Wolverine count proposed")
    assert sees(client, secretariat_user(), "wolverine", "activities", "Wolverine count declined")
    lead = representative_of(proposal.lead_organisation)
    assert sees(client, lead, "wolverine", "activities", "Wolverine count proposed")


def test_a_proposal_of_a_group_is_found_by_its_members_once(client, db):
    group = WorkingGroupFactory(name="Patrol group")
    activity = ActivityFactory(
        title="Wolverine group proposal", status=Activity.Status.PROPOSED, group=group
    )
    member = add_member(group).user
    activity.organisations.set([OrganisationFactory(), OrganisationFactory()])
    client.force_login(member)
    # visible through several joins (group, organisations): still one result
    assert found(client, "wolverine") == {"activities": ["Wolverine group proposal"]}
    assert totals(client, "wolverine") == {"activities": 1}


# --- Organisations --------------------------------------------------------------


@pytest.fixture
def organisations(db):
    china, russia = CountryFactory(code="CN"), CountryFactory(code="RU")
    OrganisationFactory(name="Ibex society active", country=china)
    OrganisationFactory(
        name="Ibex society suspended", country=china, status=Organisation.Status.SUSPENDED
    )
    OrganisationFactory(
        name="Ibex society applicant", country=russia, status=Organisation.Status.APPLICANT
    )
    withdrawn = OrganisationFactory(
        name="Ibex society withdrawn", country=russia, status=Organisation.Status.WITHDRAWN
    )
    return withdrawn


def test_a_visitor_never_finds_an_inactive_organisation(client, organisations):
    assert found(client, "ibex") == {"organisations": ["Ibex society active"]}
    assert totals(client, "ibex") == {"organisations": 1}
    for name in ("suspended", "applicant", "withdrawn"):
        assert not sees(client, None, "ibex", "organisations", f"Ibex society {name}")
        assert not sees(client, partner(), "ibex", "organisations", f"Ibex society {name}")


def test_those_who_may_edit_an_inactive_organisation_find_it(client, organisations):
    assert sees(client, secretariat_user(), "ibex", "organisations", "Ibex society withdrawn")
    representative = representative_of(organisations)
    assert sees(client, representative, "ibex", "organisations", "Ibex society withdrawn")
    assert not sees(client, representative, "ibex", "organisations", "Ibex society suspended")
    focal_cn = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=CountryFactory(code="CN")).user
    assert sees(client, focal_cn, "ibex", "organisations", "Ibex society suspended")
    assert not sees(client, focal_cn, "ibex", "organisations", "Ibex society applicant")


def test_every_result_opens_for_whoever_found_it(client, organisations, proposal, documents):
    """A result is never a link to a 404: the search asks the same rules."""
    users = [None, partner(), proposal.proposed_by, representative_of(organisations)]
    users.append(add_member(documents).user)
    for user in users:
        client.logout()
        if user is not None:
            client.force_login(user)
        for query in ("ibex", "wolverine", "snowfield"):
            for group in search(client, query).context["kinds"]:
                for hit in group.hits:
                    assert client.get(hit.url).status_code == 200, (user, hit.url)


# --- Working groups -------------------------------------------------------------


def test_closed_groups_are_left_out_as_in_the_group_list(client, db):
    WorkingGroupFactory(name="Marten group open")
    WorkingGroupFactory(name="Marten group closed", status=WorkingGroup.Status.CLOSED)
    assert found(client, "marten") == {"groups": ["Marten group open"]}
