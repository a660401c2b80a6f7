"""Scoped role assignments: scope, end dates, plain-words explanations, history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.authz import explain
from stakeholders import services
from stakeholders.models import Organisation, Role, RoleAssignment
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    StakeholderTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_an_assignment_stops_working_on_its_end_date(django_user_model):
    today = timezone.localdate()
    user = UserFactory()
    services.role_assign(
        user=user,
        role=Role.FOCAL_POINT,
        country=CountryFactory(code="CN"),
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today,
    )
    application = ApplicationFactory()
    fresh = django_user_model.objects.get(pk=user.pk)
    assert not fresh.has_perm("stakeholders.decide_application", application)
    RoleAssignment.objects.update(ends_on=today + datetime.timedelta(days=1))
    fresh = django_user_model.objects.get(pk=user.pk)
    assert fresh.has_perm("stakeholders.decide_application", application)


def test_an_assignment_that_has_not_started_grants_nothing(django_user_model):
    user = UserFactory()
    services.role_assign(
        user=user,
        role=Role.SECRETARIAT,
        starts_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    fresh = django_user_model.objects.get(pk=user.pk)
    assert not fresh.has_perm("partnership.access_admin")


@pytest.mark.parametrize(
    ("role", "country", "ends_on_offset"),
    [
        (Role.FOCAL_POINT, None, None),  # a focal point needs a country
        (Role.SECRETARIAT, "CN", None),  # the secretariat has no scope
        (Role.COMMITTEE, None, -1),  # ends before it starts
    ],
)
def test_invalid_assignments_are_refused(role, country, ends_on_offset):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.role_assign(
            user=UserFactory(),
            role=role,
            country=CountryFactory(code=country) if country else None,
            starts_on=today,
            ends_on=today + datetime.timedelta(days=ends_on_offset) if ends_on_offset else None,
        )


def test_explanation_in_plain_words():
    user = UserFactory()
    services.role_assign(user=user, role=Role.FOCAL_POINT, country=CountryFactory(code="RU"))
    services.role_assign(
        user=user,
        role=Role.COMMITTEE,
        country=CountryFactory(code="CN"),
        stakeholder_type=StakeholderTypeFactory(slug="protected-area", name="Protected areas"),
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    organisation = OrganisationFactory(name="WWF")
    services.person_make_representative(organisation=organisation, user=user)
    items = {item.title: item for item in explain(user)}
    focal = items["Country focal point, Russian Federation"]
    assert focal.active
    assert any("decide membership applications for Russian Federation" in a for a in focal.allows)
    ended = items["Coordination-committee member, China / Protected areas"]
    assert not ended.active
    assert "grants nothing" in ended.because
    assert any("edit the profile" in a for a in items["Representative of WWF"].allows)


def test_secretariat_reads_a_users_access_page(client):
    secretariat = UserFactory()
    services.role_assign(user=secretariat, role=Role.SECRETARIAT)
    focal = UserFactory(full_name="Olga Focal")
    services.role_assign(user=focal, role=Role.FOCAL_POINT, country=CountryFactory(code="RU"))
    client.force_login(secretariat)
    body = client.get(reverse("user_access", args=[focal.pk])).content.decode()
    assert "Country focal point, Russian Federation" in body
    assert "decide membership applications for Russian Federation" in body


def test_changes_keep_a_history_with_who_and_what():
    secretariat = UserFactory()
    services.role_assign(user=secretariat, role=Role.SECRETARIAT)
    organisation = OrganisationFactory(name="Old name")
    services.organisation_update(organisation=organisation, by=secretariat, fields={"name": "New"})
    history = list(organisation.history.order_by("history_date"))
    assert [h.name for h in history] == ["Old name", "New"]
    delta = history[1].diff_against(history[0])
    assert [change.field for change in delta.changes] == ["name"]

    application = ApplicationFactory()
    services.application_reject(application=application, decided_by=secretariat, reason="No")
    assert application.history.count() == 2
    assignment = RoleAssignment.objects.get(user=secretariat)
    services.role_end(assignment=assignment)
    assert assignment.history.count() == 2


def test_representative_grant_follows_the_person_flag():
    from stakeholders.models import Person

    organisation = OrganisationFactory()
    user = UserFactory()
    services.person_make_representative(organisation=organisation, user=user)
    assert UserFactory._meta.model.objects.get(pk=user.pk).has_perm(
        "stakeholders.change_organisation", organisation
    )
    person = Person.objects.get(user=user)
    person.is_representative = False
    person.save()
    services.person_sync_grants(person=person)
    fresh = UserFactory._meta.model.objects.get(pk=user.pk)
    assert not fresh.has_perm("stakeholders.change_organisation", organisation)
    assert not fresh.has_perm("stakeholders.change_organisation", Organisation())
