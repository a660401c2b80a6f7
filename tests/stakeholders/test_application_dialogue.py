"""Applications with a dialogue: a decider asks for more information, the
applicant answers and corrects the application, the deciders are told; each
round is kept and shown; every mail goes out exactly once."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.models import EventMailDelivery, Notification
from notifications.tasks import notify_event, send_application_question
from stakeholders import services
from stakeholders.models import ApplicationRound, MembershipApplication, Role
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    RoleAssignmentFactory,
    StakeholderTypeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUESTION = "Which protected area do your volunteers patrol with?"


@pytest.fixture
def people():
    russia = CountryFactory(code="RU")
    return {
        "focal_ru": RoleAssignmentFactory(role=Role.FOCAL_POINT, country=russia).user,
        "secretariat": RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user,
        "focal_cn": RoleAssignmentFactory(
            role=Role.FOCAL_POINT, country=CountryFactory(code="CN")
        ).user,
        "russia": russia,
    }


@pytest.fixture
def application(people):
    return ApplicationFactory(
        name="Primorye Snare Volunteers",
        country=people["russia"],
        stakeholder_type=StakeholderTypeFactory(slug="local-ngo"),
        applicant__email="applicant@example.org",
    )


def _mails_to(email):
    return [message for message in mail.outbox if message.to == [email]]


def test_round_trip_through_the_pages_with_each_mail_once(client, people, application):
    """Ask on the page → the applicant is mailed the question once → they answer
    and correct the motivation on the page → the deciders are mailed once each →
    the page shows the round: question, who asked, the answer, what changed."""
    focal_ru, secretariat = people["focal_ru"], people["secretariat"]
    applicant = application.applicant
    mail.outbox.clear()  # the submission's own alerts are not this test's

    client.force_login(focal_ru)
    response = client.post(
        application.get_absolute_url(), {"decision": "ask", "question": QUESTION}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO
    (question_mail,) = mail.outbox
    assert question_mail.to == [applicant.email]
    assert QUESTION in question_mail.body
    assert "List-Unsubscribe" not in question_mail.extra_headers  # about their own application
    assert Notification.objects.filter(
        user=applicant, kind=Notification.Kind.APPLICATION_QUESTION
    ).exists()
    # The task again (a redelivery): nothing more.
    (round_,) = application.rounds.all()
    assert send_application_question.apply(args=[round_.pk]).get() == "already done"
    assert len(mail.outbox) == 1

    # Waiting for the applicant: nobody approves meanwhile.
    response = client.post(application.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO

    mail.outbox.clear()
    client.force_login(applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert QUESTION in page and "Send my answer" in page
    response = client.post(
        application.get_absolute_url(),
        {
            "answer": "We patrol with the Land of the Leopard park rangers.",
            "name": application.name,
            "country": people["russia"].pk,
            "stakeholder_type": application.stakeholder_type_id,
            "applicant_position": application.applicant_position,
            "motivation": "Snare removal with Land of the Leopard since 2019.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert application.motivation == "Snare removal with Land of the Leopard since 2019."
    round_.refresh_from_db()
    assert round_.answered_at is not None
    assert set(round_.changes) == {"motivation"}
    # Those who decide it hear of it at once (their default), each once;
    # the China focal point (out of scope) and the applicant do not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([focal_ru.email, secretariat.email])
    assert all("answered" in m.subject for m in mail.outbox)
    notify_event.apply(args=["application_resubmitted", round_.pk]).get()
    assert len(mail.outbox) == 2
    assert (
        EventMailDelivery.objects.filter(key=f"notice:application-round:{round_.pk}").count() == 2
    )

    client.force_login(secretariat)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Questions and answers" in page
    assert QUESTION in page
    assert "We patrol with the Land of the Leopard park rangers." in page
    assert str(focal_ru) in page  # who asked
    assert "Snare removal with Land of the Leopard since 2019." in page  # the change, after
    assert "We patrol the border forests" in page  # and before


def test_a_second_round_is_numbered_and_kept(people, application):
    focal_ru = people["focal_ru"]
    services.application_request_information(
        application=application, asked_by=focal_ru, question=QUESTION
    )
    services.application_resubmit(
        application=application, by=application.applicant, answer="With rangers.", fields={}
    )
    services.application_request_information(
        application=application, asked_by=people["secretariat"], question="And since when?"
    )
    rounds = list(application.rounds.order_by("number"))
    assert [(r.number, r.is_open) for r in rounds] == [(1, False), (2, True)]
    assert rounds[0].changes == {}
    services.application_reject(
        application=application, decided_by=focal_ru, reason="No answer came."
    )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED


def test_the_states_are_guarded_in_the_service(people, application):
    applicant = application.applicant
    focal_ru = people["focal_ru"]
    with pytest.raises(ValidationError, match="Nobody asked"):
        services.application_resubmit(
            application=application, by=applicant, answer="Here.", fields={}
        )
    with pytest.raises(ValidationError):
        services.application_request_information(
            application=application, asked_by=focal_ru, question="   "
        )
    with pytest.raises(PermissionDenied):  # out of scope
        services.application_request_information(
            application=application, asked_by=people["focal_cn"], question=QUESTION
        )
    with pytest.raises(PermissionDenied):  # nobody asks themselves
        services.application_request_information(
            application=application, asked_by=applicant, question=QUESTION
        )
    services.application_request_information(
        application=application, asked_by=focal_ru, question=QUESTION
    )
    with pytest.raises(ValidationError, match="not answered"):
        services.application_approve(application=application, decided_by=focal_ru)
    with pytest.raises(ValidationError, match="not answered"):
        services.application_request_information(
            application=application, asked_by=focal_ru, question="Again?"
        )
    with pytest.raises(PermissionDenied):  # only the applicant answers
        services.application_resubmit(
            application=application, by=focal_ru, answer="Here.", fields={}
        )
    with pytest.raises(ValidationError):  # an answer is required
        services.application_resubmit(application=application, by=applicant, answer=" ", fields={})
    with pytest.raises(ValidationError):  # not a field the applicant may change
        services.application_resubmit(
            application=application, by=applicant, answer="Here.", fields={"status": "approved"}
        )
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO
    assert application.rounds.get().is_open  # nothing half-stored


def test_an_application_for_an_existing_organisation_keeps_its_profile(people):
    organisation = OrganisationFactory(country=people["russia"])
    application = ApplicationFactory(
        organisation=organisation,
        name=organisation.name,
        country=organisation.country,
        stakeholder_type=organisation.stakeholder_type,
    )
    assert services.resubmittable_fields(application) == ("applicant_position", "motivation")
    services.application_request_information(
        application=application, asked_by=people["focal_ru"], question=QUESTION
    )
    with pytest.raises(ValidationError):
        services.application_resubmit(
            application=application,
            by=application.applicant,
            answer="Renamed.",
            fields={"name": "Something else"},
        )


def test_round_model_validation():
    round_ = ApplicationRound(number=1, question=" ")
    with pytest.raises(ValidationError) as error:
        round_.clean()
    assert "question" in error.value.message_dict


def test_bad_form_input_is_a_400_with_messages_not_a_500(client, people, application):
    client.force_login(people["focal_ru"])
    response = client.post(application.get_absolute_url(), {"decision": "ask", "question": ""})
    assert response.status_code == 400
    assert "Ask the applicant a question." in response.content.decode()
    services.application_request_information(
        application=application, asked_by=people["focal_ru"], question=QUESTION
    )
    client.force_login(application.applicant)
    response = client.post(
        application.get_absolute_url(), {"answer": "", "country": "not a number"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO


def test_someone_else_cannot_answer_through_the_page(client, people, application):
    services.application_request_information(
        application=application, asked_by=people["focal_ru"], question=QUESTION
    )
    client.force_login(UserFactory())
    response = client.post(application.get_absolute_url(), {"answer": "Me!"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.MORE_INFO


def test_the_application_page_runs_a_fixed_number_of_queries_whatever_the_rounds(
    client, people, application
):
    from tests.querycount import assert_fixed_query_count

    def one_round(question):
        services.application_request_information(
            application=application, asked_by=people["focal_ru"], question=question
        )
        services.application_resubmit(
            application=application,
            by=application.applicant,
            answer="Answered.",
            fields={"motivation": f"Motivation after {question}"},
        )

    one_round("First?")
    client.force_login(people["secretariat"])

    def grow():
        for number in range(8):
            one_round(f"Question {number}?")

    assert_fixed_query_count(client, application.get_absolute_url(), grow)
    page = client.get(application.get_absolute_url()).content.decode()
    assert page.count("Answered by") == 9
