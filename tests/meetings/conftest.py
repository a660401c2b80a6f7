"""Fixtures for the meetings tests: the demo accounts with their groups and
meetings (seeded app by app, as `seed_demo` does), and a small group."""

import pytest

from committee import demo as committee_demo
from meetings import demo as meetings_demo
from stakeholders import demo as stakeholders_demo
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import demo as workinggroups_demo
from workinggroups.models import GroupRole


@pytest.fixture
def meetings_demo_data(db, demo_password):
    for app in (stakeholders_demo, committee_demo, workinggroups_demo, meetings_demo):
        app.seed(password=demo_password, with_accounts=True)


@pytest.fixture
def demo_account(meetings_demo_data, django_user_model):
    def get(email):
        return django_user_model.objects.get(email=email)

    return get


class Team:
    """A group with a lead, a member and an observer, the member's colleague
    (same organisation, not in the group) and an outsider."""

    def __init__(self):
        self.group = WorkingGroupFactory(name="Joint survey", slug="joint-survey")
        self.organisation = OrganisationFactory(name="Land of the Leopard")
        self.lead = add_member(
            self.group, GroupRole.LEAD, user=UserFactory(full_name="Lena Lead")
        ).user
        self.member = add_member(
            self.group,
            GroupRole.MEMBER,
            user=UserFactory(full_name="Mika Member", time_zone="Asia/Shanghai"),
            organisation=self.organisation,
        ).user
        self.observer = add_member(self.group, GroupRole.OBSERVER).user
        self.colleague = UserFactory(full_name="Cora Colleague")
        self.organisation.people.create(user=self.colleague, full_name="Cora Colleague")
        self.outsider = UserFactory(full_name="Otto Outsider")
        OrganisationFactory(status=Organisation.Status.ACTIVE).people.create(
            user=self.outsider, full_name="Otto Outsider"
        )


@pytest.fixture
def team(db):
    return Team()
