"""Group membership: joining, roles, the last lead, grants that follow."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stakeholders.models import Person
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services
from workinggroups.models import GroupMembership, GroupRole, JoinRequest

pytestmark = pytest.mark.django_db


def fresh(user):
    """Permissions are read again from the database (no per-object caches)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def group():
    return WorkingGroupFactory()


@pytest.fixture
def lead(group):
    return add_member(group, GroupRole.LEAD).user


def _affiliated_user():
    user = UserFactory()
    organisation = OrganisationFactory()
    Person.objects.create(user=user, organisation=organisation, full_name=user.full_name)
    return user, organisation


def test_member_of_an_active_organisation_asks_and_the_lead_approves(group, lead):
    user, organisation = _affiliated_user()
    assert not fresh(user).has_perm("workinggroups.view_private", group)
    request = services.join_request_create(user=user, group=group, organisation=organisation)
    membership = services.join_request_decide(join_request=request, by=lead, approve=True)
    assert membership.role == GroupRole.MEMBER
    assert fresh(user).has_perm("workinggroups.view_private", group)
    assert fresh(user).has_perm("workinggroups.edit_workplan", group)
    assert not fresh(user).has_perm("workinggroups.submit_workplan", group)


def test_a_co_chair_may_decide_but_not_manage(group):
    co_chair = add_member(group, GroupRole.CO_CHAIR).user
    user, organisation = _affiliated_user()
    request = services.join_request_create(user=user, group=group, organisation=organisation)
    services.join_request_decide(join_request=request, by=co_chair, approve=False, reason="Full")
    request.refresh_from_db()
    assert request.status == JoinRequest.Status.DECLINED
    membership = add_member(group)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=membership, by=co_chair)


def test_someone_without_an_organisation_cannot_ask(group):
    with pytest.raises(ValidationError):
        services.join_request_create(
            user=UserFactory(), group=group, organisation=OrganisationFactory()
        )


def test_a_plain_member_cannot_decide_requests(group, lead):
    member = add_member(group).user
    user, organisation = _affiliated_user()
    request = services.join_request_create(user=user, group=group, organisation=organisation)
    with pytest.raises(PermissionDenied):
        services.join_request_decide(join_request=request, by=member, approve=True)


def test_lead_changes_roles_and_grants_follow_at_once(group, lead):
    membership = add_member(group)
    services.membership_change_role(membership=membership, role=GroupRole.OBSERVER, by=lead)
    observer = fresh(membership.user)
    assert observer.has_perm("workinggroups.view_private", group)
    assert not observer.has_perm("workinggroups.edit_workplan", group)
    services.membership_change_role(membership=membership, role=GroupRole.LEAD, by=lead)
    assert fresh(membership.user).has_perm("workinggroups.manage_members", group)
    services.membership_remove(membership=membership, by=lead)
    gone = fresh(membership.user)
    assert not gone.has_perm("workinggroups.view_private", group)
    assert not gone.has_perm("workinggroups.manage_members", group)


def test_the_last_lead_can_neither_leave_nor_be_demoted(group, lead):
    only = GroupMembership.objects.get(user=lead)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.membership_remove(membership=only, by=lead)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.membership_change_role(membership=only, role=GroupRole.MEMBER, by=lead)
    second = add_member(group, GroupRole.LEAD)
    services.membership_remove(membership=only, by=lead)  # now there is another lead
    assert list(GroupMembership.objects.filter(group=group)) == [second]


def test_last_lead_message_on_the_page(client, group, lead):
    client.force_login(lead)
    only = GroupMembership.objects.get(user=lead)
    response = client.post(
        reverse("workinggroups:member_role", args=[group.slug, only.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "must keep at least one lead" in response.content.decode()


def test_join_through_the_page_and_decide(client, group, lead):
    user, organisation = _affiliated_user()
    client.force_login(user)
    response = client.post(
        reverse("workinggroups:join", args=[group.slug]),
        {"organisation": organisation.pk, "message": "We run camera traps."},
    )
    assert response.status_code == 302
    request = JoinRequest.objects.get()
    client.force_login(lead)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "We run camera traps." in page
    response = client.post(
        reverse("workinggroups:join_decide", args=[group.slug, request.pk]),
        {"decision": "approve"},
    )
    assert response.status_code == 302
    assert GroupMembership.objects.filter(group=group, user=user).exists()


def test_join_for_an_organisation_one_does_not_work_for_is_refused(client, group):
    user, _organisation = _affiliated_user()
    other = OrganisationFactory()
    client.force_login(user)
    response = client.post(
        reverse("workinggroups:join", args=[group.slug]), {"organisation": other.pk}
    )
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_lead_adds_a_member_on_the_members_page(client, group, lead):
    user, _organisation = _affiliated_user()
    person = Person.objects.get(user=user)
    client.force_login(lead)
    response = client.post(
        reverse("workinggroups:members", args=[group.slug]), {"person": person.pk, "role": "member"}
    )
    assert response.status_code == 302
    assert fresh(user).has_perm("workinggroups.view_private", group)


def test_outsider_cannot_open_the_members_page(client, group):
    client.force_login(UserFactory())
    assert client.get(reverse("workinggroups:members", args=[group.slug])).status_code == 404


def test_explanation_shows_one_entry_per_group_with_the_role(group, lead):
    from common.authz import explain

    membership = add_member(group)
    items = [i for i in explain(fresh(membership.user)) if group.name in i.title]
    assert len(items) == 1
    [item] = items
    assert item.because == f"Member of the group, for {membership.organisation.name}"
    assert len(item.allows) == 3  # see private content, edit drafts, add documents
