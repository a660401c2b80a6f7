"""Factories for working groups and their members."""

import factory

from stakeholders.models import Person
from workinggroups.models import GroupMembership, GroupRole, WorkingGroup
from workinggroups.services import membership_sync_grants

from . import OrganisationFactory, UserFactory


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Working group {n}")
    mandate = "Joint survey and monitoring across the border."
    action_areas = ["prey"]


def add_member(group, role=GroupRole.MEMBER, user=None, organisation=None):
    """A person of an active organisation in the group, with their grants."""
    user = user or UserFactory()
    organisation = organisation or OrganisationFactory()
    Person.objects.get_or_create(
        user=user, organisation=organisation, defaults={"full_name": user.full_name}
    )
    membership = GroupMembership.objects.create(
        group=group, user=user, organisation=organisation, role=role
    )
    membership_sync_grants(user=user, group=group)
    return membership
