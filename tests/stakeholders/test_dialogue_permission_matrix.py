"""Every demo account against the dialogue on applications: asking for more
information, seeing and answering the demo application that waits for it,
rejecting it meanwhile. Allowed means it works; denied means 403 or 404
(never a leak) for a signed-in user and sign-in for a visitor."""

import pytest

from stakeholders.models import MembershipApplication

ANONYMOUS = "anonymous"
ACCOUNTS = [
    ANONYMOUS,
    "secretariat@demo.example",
    "committee@demo.example",
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    "lead-monitoring@demo.example",
    "rep-wwf@demo.example",
    "user@demo.example",
    "applicant-cn@demo.example",
]

ALLOWED = {
    "ask_ru_application": {"secretariat@demo.example", "focal-ru@demo.example"},
    "view_waiting_application": {
        "secretariat@demo.example",
        "focal-cn@demo.example",
        "applicant-cn@demo.example",
    },
    "answer_waiting_application": {"applicant-cn@demo.example"},
    "reject_waiting_application": {"secretariat@demo.example", "focal-cn@demo.example"},
}


def _waiting():
    return MembershipApplication.objects.get(status=MembershipApplication.Status.MORE_INFO)


def _run(action, client):
    if action == "ask_ru_application":
        application = MembershipApplication.objects.get(country__code="RU", status="pending")
        response = client.post(
            application.get_absolute_url(), {"decision": "ask", "question": "Since when?"}
        )
        application.refresh_from_db()
        return application.status == MembershipApplication.Status.MORE_INFO, response
    application = _waiting()
    if action == "view_waiting_application":
        response = client.get(application.get_absolute_url())
        return response.status_code == 200, response
    if action == "answer_waiting_application":
        response = client.post(
            application.get_absolute_url(),
            {
                "answer": "Hunchun villages, with the Hunchun reserve.",
                "name": application.name,
                "country": application.country_id,
                "stakeholder_type": application.stakeholder_type_id,
                "applicant_position": application.applicant_position,
                "motivation": application.motivation,
                "website": "https://example.org",
            },
        )
        application.refresh_from_db()
        return application.status == MembershipApplication.Status.PENDING, response
    if action == "reject_waiting_application":
        response = client.post(
            application.get_absolute_url(), {"decision": "reject", "reason": "No answer came."}
        )
        application.refresh_from_db()
        return application.status == MembershipApplication.Status.REJECTED, response
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_dialogue_permission_matrix(account, action, client, module_demo_user):
    if account != ANONYMOUS:
        client.force_login(module_demo_user(account))
    else:
        module_demo_user("user@demo.example")  # make sure the demo data is loaded
    allowed, response = _run(action, client)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if not expected:
        if account == ANONYMOUS:
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        elif "waiting" in action and account in ALLOWED["view_waiting_application"]:
            # the page's own form of this account (the decision for a decider,
            # the answer for the applicant) refuses the other's input
            assert response.status_code == 400
        else:
            assert response.status_code in (403, 404), (account, action, response.status_code)


@pytest.mark.django_db
def test_the_demo_application_waits_for_an_answer(module_demo_user):
    application = _waiting()
    (round_,) = application.rounds.all()
    assert round_.is_open and round_.asked_by == module_demo_user("focal-cn@demo.example")
    assert application.applicant == module_demo_user("applicant-cn@demo.example")
