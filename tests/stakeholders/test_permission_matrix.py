"""Every demo account against every protected action of the membership issue.

Allowed means the page or decision works; denied means 403 or 404 for a
signed-in user (never a leak) and a redirect to sign-in for a visitor.
"""

import pytest
from django.urls import reverse

from stakeholders.models import MembershipApplication

ANONYMOUS = "anonymous"
ACCOUNTS = [
    ANONYMOUS,
    "secretariat@demo.example",
    "committee@demo.example",
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    "lead-monitoring@demo.example",
    "member-monitoring@demo.example",
    "rep-wwf@demo.example",
    "centre-cn@demo.example",
    "user@demo.example",
]

# action -> the accounts allowed to do it; everyone else is denied.
ALLOWED = {
    "view_cn_application": {
        "secretariat@demo.example",
        "focal-cn@demo.example",
        "user@demo.example",  # it is their own application
    },
    "view_ru_application": {"secretariat@demo.example", "focal-ru@demo.example"},
    "decide_cn_application": {"secretariat@demo.example", "focal-cn@demo.example"},
    "decide_ru_application": {"secretariat@demo.example", "focal-ru@demo.example"},
    "review_queue": {
        "secretariat@demo.example",
        "focal-cn@demo.example",
        "focal-ru@demo.example",
    },
    "edit_wwf": {"secretariat@demo.example", "rep-wwf@demo.example"},
    "edit_chinese_organisation": {"secretariat@demo.example", "focal-cn@demo.example"},
    "edit_russian_organisation": {"secretariat@demo.example", "focal-ru@demo.example"},
    "export_directory": {"secretariat@demo.example"},
    "see_user_access": {"secretariat@demo.example"},
    "admin_roles_api": set(),  # nobody without two-factor (see test_admin_access)
}


def _application(country_code):
    return MembershipApplication.objects.get(country__code=country_code, status="pending")


def _run(action, client, module_demo_user):
    """Perform the action; return (allowed?, response)."""
    if action in ("view_cn_application", "view_ru_application"):
        application = _application("CN" if "cn" in action else "RU")
        response = client.get(application.get_absolute_url())
        return response.status_code == 200, response
    if action in ("decide_cn_application", "decide_ru_application"):
        application = _application("CN" if "cn" in action else "RU")
        response = client.post(application.get_absolute_url(), {"decision": "approve"})
        application.refresh_from_db()
        decided = application.status == MembershipApplication.Status.APPROVED
        if not decided:
            assert application.decided_by is None
        return decided, response
    if action == "review_queue":
        response = client.get(reverse("stakeholders:applications"))
        body = response.content.decode() if response.status_code == 200 else ""
        return 'id="queue-title"' in body, response
    if action.startswith("edit_"):
        slug = {
            "edit_wwf": "wwf",
            "edit_chinese_organisation": "nfga",
            "edit_russian_organisation": "land-of-the-leopard",
        }[action]
        response = client.get(reverse("stakeholders:organisation_edit", args=[slug]))
        return response.status_code == 200, response
    if action == "export_directory":
        response = client.get(reverse("stakeholders:directory_export"))
        return response.status_code == 200, response
    if action == "see_user_access":
        target = module_demo_user("focal-ru@demo.example")
        response = client.get(reverse("user_access", args=[target.pk]))
        return response.status_code == 200, response
    if action == "admin_roles_api":
        response = client.get("/admin/stakeholders/roleassignment/", follow=True)
        return response.status_code == 200 and "/admin/" in response.request["PATH_INFO"], response
    raise AssertionError(action)


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_permission_matrix(account, action, client, module_demo_user):
    if account != ANONYMOUS:
        client.force_login(module_demo_user(account))
    else:
        module_demo_user("user@demo.example")  # make sure the demo data is loaded
    allowed, response = _run(action, client, module_demo_user)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if not expected:
        if action == "admin_roles_api":
            # followed: visitors end at sign-in, the secretariat at the two-factor
            # set-up, everyone else at a 403
            landing = response.request["PATH_INFO"]
            if account == ANONYMOUS:
                assert landing == reverse("account_login")
            elif account == "secretariat@demo.example":
                # allauth may ask for the password again before the set-up page
                hops = [url for url, _status in response.redirect_chain]
                assert any(reverse("mfa_activate_totp") in hop for hop in hops), hops
            else:
                assert response.status_code == 403
        elif account == ANONYMOUS:
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        elif action == "review_queue":
            assert response.status_code == 200  # they see only their own applications
        else:
            assert response.status_code in (403, 404), (account, action, response.status_code)


@pytest.mark.django_db
def test_china_focal_point_gets_404_for_a_russian_application(client, module_demo_user):
    """Cross-country: the application's very existence is not revealed."""
    client.force_login(module_demo_user("focal-cn@demo.example"))
    application = _application("RU")
    assert client.get(application.get_absolute_url()).status_code == 404
    response = client.post(application.get_absolute_url(), {"decision": "approve"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.is_pending
