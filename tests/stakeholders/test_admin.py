"""The secretariat's admin: bulk decisions, filters, CSV, histories."""

import pytest
from django.core import mail
from django.urls import reverse

from stakeholders.models import MembershipApplication, Organisation, Role
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def _changelist(model):
    return reverse(f"admin:stakeholders_{model}_changelist")


def test_bulk_approve(secretariat_client):
    first, second = ApplicationFactory(), ApplicationFactory()
    response = secretariat_client.post(
        _changelist("membershipapplication"),
        {"action": "approve_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    assert set(MembershipApplication.objects.values_list("status", flat=True)) == {"approved"}
    assert Organisation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_bulk_reject_asks_for_a_reason_first(secretariat_client):
    applications = [ApplicationFactory(), ApplicationFactory()]
    ids = [a.pk for a in applications]
    url = _changelist("membershipapplication")
    response = secretariat_client.post(url, {"action": "reject_selected", "_selected_action": ids})
    assert response.status_code == 200
    assert "Reason" in response.content.decode()
    assert not MembershipApplication.objects.exclude(status="pending").exists()

    response = secretariat_client.post(
        url,
        {"action": "reject_selected", "_selected_action": ids, "apply": "1", "reason": ""},
    )
    assert response.status_code == 200  # still asking: a reason is required
    assert not MembershipApplication.objects.exclude(status="pending").exists()

    response = secretariat_client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": ids,
            "apply": "1",
            "reason": "Outside the tiger range.",
        },
    )
    assert response.status_code == 302
    assert set(MembershipApplication.objects.values_list("status", flat=True)) == {"rejected"}
    assert all("Outside the tiger range." in m.body for m in mail.outbox)


def test_bulk_decision_skips_own_application_with_a_message(secretariat_client):
    own = ApplicationFactory(applicant=secretariat_client.staff)
    other = ApplicationFactory()
    response = secretariat_client.post(
        _changelist("membershipapplication"),
        {"action": "approve_selected", "_selected_action": [own.pk, other.pk]},
        follow=True,
    )
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.is_pending
    assert other.status == "approved"
    assert "Nobody may decide their own application" in response.content.decode()


def test_filters_csv_and_history_pages(secretariat_client):
    organisation = OrganisationFactory(country=CountryFactory(code="RU"))
    response = secretariat_client.get(
        _changelist("organisation") + f"?country__id__exact={organisation.country_id}"
    )
    assert response.status_code == 200
    assert organisation.name in response.content.decode()

    response = secretariat_client.post(
        _changelist("organisation"),
        {"action": "export_csv", "_selected_action": [organisation.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert organisation.name in response.content.decode("utf-8-sig")

    history = reverse("admin:stakeholders_organisation_history", args=[organisation.pk])
    assert secretariat_client.get(history).status_code == 200
    assignment = RoleAssignmentFactory()
    history = reverse("admin:stakeholders_roleassignment_history", args=[assignment.pk])
    assert secretariat_client.get(history).status_code == 200


def test_user_admin_explains_access(secretariat_client):
    focal = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=CountryFactory(code="CN")).user
    response = secretariat_client.get(reverse("admin:partnership_user_change", args=[focal.pk]))
    assert response.status_code == 200
    assert "decide membership applications for China" in response.content.decode()


def test_admin_duplicate_name_is_refused(secretariat_client):
    existing = OrganisationFactory(name="Hunchun Nature Reserve")
    response = secretariat_client.post(
        reverse("admin:stakeholders_organisation_add"),
        {
            "slug": "hunchun-2",
            "name": "HUNCHUN nature-reserve",
            "country": existing.country_id,
            "stakeholder_type": existing.stakeholder_type_id,
            "status": "active",
            "people-TOTAL_FORMS": "0",
            "people-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert Organisation.objects.count() == 1
