"""The users who see a document (documents.rules.audience, a filter on users)
are exactly the users the object check lets see it (selectors.may_view),
person by person, over a mixed population and every access level."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from guardian.shortcuts import remove_perm

from documents.models import Document
from documents.rules import audience
from documents.selectors import may_view
from stakeholders.models import Organisation, Role
from tests.factories import OrganisationFactory, PersonFactory, RoleAssignmentFactory, UserFactory
from tests.factories.documents import DocumentFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


def test_audience_agrees_with_the_object_check():
    group, other = WorkingGroupFactory(), WorkingGroupFactory()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    people = {
        "member": add_member(group).user,
        "observer": add_member(group, GroupRole.OBSERVER).user,
        "member without grant": add_member(group).user,
        "member of a suspended organisation": add_member(
            group, organisation=OrganisationFactory(status=Organisation.Status.SUSPENDED)
        ).user,
        "other group's member": add_member(other).user,
        "partner outside groups": PersonFactory(user=UserFactory()).user,
        "secretariat": RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user,
        "focal point": RoleAssignmentFactory(role=Role.FOCAL_POINT).user,
        "ended role": RoleAssignmentFactory(
            role=Role.COMMITTEE,
            starts_on=yesterday - datetime.timedelta(days=30),
            ends_on=yesterday,
        ).user,
        "registered user": UserFactory(),
        "inactive member": add_member(group, user=UserFactory(is_active=False)).user,
    }
    remove_perm("workinggroups.view_private", people["member without grant"], group)
    documents = [
        DocumentFactory(access=access, group=in_group, versions=0)
        for access in Document.Access.values
        for in_group in (group, None)
        if in_group or access != Document.Access.GROUP  # a group-only document has a group
    ]
    users = get_user_model().objects.filter(pk__in=[user.pk for user in people.values()])
    for document in documents:
        seen = set(users.filter(audience(document)).values_list("pk", flat=True))
        for name, user in people.items():
            fresh = get_user_model().objects.get(pk=user.pk)  # no cached permissions
            assert (user.pk in seen) == may_view(fresh, document), (name, document.access)
