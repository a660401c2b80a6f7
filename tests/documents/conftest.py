"""Fixtures for the document library: files go to a temporary folder, never var/."""

import pytest
from django.contrib.auth import get_user_model

from stakeholders.models import Role
from tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory, UserFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    """Every test stores its documents under its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.PRIVATE_MEDIA_ROOT


def fresh(user):
    """The user read again, so no roles or grants are cached on the object."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def group(db):
    return WorkingGroupFactory(slug="joint-survey", name="Joint survey and monitoring")


@pytest.fixture
def other_group(db):
    return WorkingGroupFactory(slug="anti-poaching", name="Anti-poaching coordination")


@pytest.fixture
def member(group):
    return add_member(group, GroupRole.MEMBER).user


@pytest.fixture
def observer(group):
    return add_member(group, GroupRole.OBSERVER).user


@pytest.fixture
def other_member(other_group):
    return add_member(other_group, GroupRole.MEMBER).user


@pytest.fixture
def partner(db):
    """Works for an active member organisation, in no group."""
    user = UserFactory()
    PersonFactory(user=user, organisation=OrganisationFactory())
    return user


@pytest.fixture
def outsider(db):
    """Signed up, but works for no member organisation."""
    return UserFactory()


@pytest.fixture
def secretariat(db):
    return RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
