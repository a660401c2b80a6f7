"""Membership applications: submitting, deciding, notifying."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stakeholders import services
from stakeholders.models import MembershipApplication, Organisation, Person, Role
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    StakeholderTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def focal_cn():
    return RoleAssignmentFactory(role=Role.FOCAL_POINT, country=CountryFactory(code="CN")).user


def test_apply_for_new_organisation_through_the_form(client):
    """A signed-in user applies for a new organisation and lands on the application."""
    user = UserFactory()
    client.force_login(user)
    country = CountryFactory(code="RU")
    kind = StakeholderTypeFactory(slug="research")
    response = client.post(
        reverse("stakeholders:apply"),
        {
            "kind": "new",
            "name": "Amur Tiger Centre",
            "acronym": "ATC",
            "country": country.pk,
            "stakeholder_type": kind.pk,
            "website": "https://amur-tiger.example",
            "applicant_position": "Director",
            "motivation": "Joint monitoring.",
        },
    )
    application = MembershipApplication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == application.get_absolute_url()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.country == country
    assert application.applicant == user


def test_apply_with_a_near_duplicate_name_is_flagged_with_a_link(client):
    """Case, spacing and punctuation do not make a new organisation."""
    existing = OrganisationFactory(name="W.W.F. China", slug="wwf-china")
    client.force_login(UserFactory())
    response = client.post(
        reverse("stakeholders:apply"),
        {
            "kind": "new",
            "name": "wwf   CHINA",
            "country": existing.country.pk,
            "stakeholder_type": existing.stakeholder_type.pk,
            "applicant_position": "Officer",
            "motivation": "Because.",
        },
    )
    assert response.status_code == 200
    assert existing.get_absolute_url() in response.content.decode()
    assert not MembershipApplication.objects.exists()


def test_missing_and_overlong_fields_give_form_errors_not_500(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("stakeholders:apply"),
        {"kind": "new", "name": "x" * 500, "applicant_position": "", "motivation": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ensure this value has at most 200 characters" in body
    assert "This field is required" in body
    assert not MembershipApplication.objects.exists()


def test_focal_point_approves_new_organisation_and_applicant_becomes_representative(focal_cn):
    application = ApplicationFactory(name="Hunchun Forestry Bureau")
    organisation = services.application_approve(application=application, decided_by=focal_cn)

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_by == focal_cn
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.joined_on is not None
    person = Person.objects.get(user=application.applicant, organisation=organisation)
    assert person.is_representative
    assert application.applicant.has_perm("stakeholders.change_organisation", organisation)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.applicant.email]
    assert "approved" in mail.outbox[0].subject
    assert application.applicant_notified_at is not None


def test_approving_for_an_existing_organisation_activates_it(focal_cn):
    organisation = OrganisationFactory(status=Organisation.Status.SUSPENDED, joined_on=None)
    applicant = UserFactory()
    application = services.application_submit(
        applicant=applicant,
        organisation=organisation,
        applicant_position="Ranger",
        motivation="We are back.",
    )
    services.application_approve(application=application, decided_by=focal_cn)
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.joined_on is not None
    assert applicant.has_perm("stakeholders.change_organisation", organisation)


def test_reject_needs_a_reason_and_emails_it(focal_cn):
    application = ApplicationFactory()
    with pytest.raises(ValidationError):
        services.application_reject(application=application, decided_by=focal_cn, reason="  ")
    services.application_reject(
        application=application, decided_by=focal_cn, reason="Not in the tiger range."
    )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert "Not in the tiger range." in mail.outbox[0].body


def test_nobody_decides_their_own_application():
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    application = ApplicationFactory(applicant=secretariat)
    assert not secretariat.has_perm("stakeholders.decide_application", application)
    with pytest.raises(PermissionDenied):
        services.application_approve(application=application, decided_by=secretariat)


def test_a_decided_application_cannot_be_decided_again(focal_cn):
    application = ApplicationFactory()
    services.application_approve(application=application, decided_by=focal_cn)
    with pytest.raises(ValidationError):
        services.application_reject(application=application, decided_by=focal_cn, reason="late")
    assert len(mail.outbox) == 1


def test_decision_email_is_sent_once_even_if_the_task_runs_twice(focal_cn):
    from notifications.models import DeliveryState, EventMailDelivery
    from notifications.tasks import send_application_decision

    application = ApplicationFactory()
    services.application_approve(application=application, decided_by=focal_cn)
    assert send_application_decision.apply(args=[application.pk]).get() == "already done"
    assert len(mail.outbox) == 1
    delivery = EventMailDelivery.objects.get(key=f"application:{application.pk}")
    assert (delivery.user, delivery.state) == (application.applicant, DeliveryState.SENT)


def test_focal_point_out_of_scope_cannot_decide(focal_cn):
    application = ApplicationFactory(country=CountryFactory(code="RU"))
    with pytest.raises(PermissionDenied):
        services.application_approve(application=application, decided_by=focal_cn)


def test_type_scoped_focal_point_decides_only_that_type():
    protected = StakeholderTypeFactory(slug="protected-area")
    research = StakeholderTypeFactory(slug="research")
    reviewer = RoleAssignmentFactory(
        role=Role.FOCAL_POINT, country=CountryFactory(code="CN"), stakeholder_type=protected
    ).user
    in_scope = ApplicationFactory(stakeholder_type=protected)
    out_of_scope = ApplicationFactory(stakeholder_type=research)
    assert reviewer.has_perm("stakeholders.decide_application", in_scope)
    assert not reviewer.has_perm("stakeholders.decide_application", out_of_scope)


def test_decision_form_rejection_without_reason_is_a_form_error(client, focal_cn):
    application = ApplicationFactory()
    client.force_login(focal_cn)
    response = client.post(application.get_absolute_url(), {"decision": "reject", "reason": ""})
    assert response.status_code == 400  # refused: the form again, with its message
    assert "reason" in response.content.decode()
    application.refresh_from_db()
    assert application.is_pending
