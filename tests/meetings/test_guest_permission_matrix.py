"""Guest links against every demo account: who invites and withdraws guests,
who sees them, who may give them action items, and who answers through a
guest's link (whoever holds the link: it is the guest's key, signed in or
not; a changed link opens for nobody)."""

import pytest
from django.urls import reverse

from meetings import guestlinks
from meetings.demo import DEMO_GUEST
from meetings.models import ActionItem, GuestInvitation
from tests.meetings.test_permission_matrix import (  # noqa: F401  (fixtures)
    ACCOUNTS,
    ANONYMOUS,
    EVERYONE,
    LEAD,
    MEMBER,
    OBSERVER,
    SECRETARIAT,
    _monitoring,
    _seeded_once,
    demo_account,
)

ALLOWED = {
    "invite_guest": {SECRETARIAT, LEAD},
    "withdraw_guest": {SECRETARIAT, LEAD},
    "see_guests": {SECRETARIAT, LEAD, MEMBER, OBSERVER},
    "assign_action_to_guest": {SECRETARIAT, LEAD, MEMBER},
    "answer_with_the_link": EVERYONE,
    "answer_with_a_changed_link": set(),
}


def _guest() -> GuestInvitation:
    return GuestInvitation.objects.get(meeting=_monitoring(), email=DEMO_GUEST["email"])


def _run(action, client):
    meeting = _monitoring()
    guest = _guest()
    if action == "invite_guest":
        response = client.post(
            reverse("meetings:invite", args=[meeting.pk]), {"email": "new.guest@ngo.example"}
        )
        return meeting.guests.filter(email="new.guest@ngo.example").exists(), response
    if action == "withdraw_guest":
        response = client.post(reverse("meetings:guest_withdraw", args=[meeting.pk, guest.pk]))
        return not GuestInvitation.objects.filter(pk=guest.pk).exists(), response
    if action == "see_guests":
        response = client.get(meeting.get_absolute_url())
        return DEMO_GUEST["name"] in response.content.decode(), response
    if action == "assign_action_to_guest":
        response = client.post(
            reverse("meetings:action_item_add", args=[meeting.pk]),
            {"title": "Share the data", "assignee_guest": guest.pk, "due_on": "2031-01-10"},
        )
        return ActionItem.objects.filter(assignee_guest=guest).exists(), response
    token = guestlinks.token_for(guest)
    if action == "answer_with_a_changed_link":
        token = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    response = client.post(reverse("meetings:guest_answer", args=[token]), {"response": "maybe"})
    guest.refresh_from_db()
    return guest.response == "maybe", response


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_guest_permission_matrix(account, action, client, demo_account):  # noqa: F811
    if account != ANONYMOUS:
        client.force_login(demo_account(account))
    allowed, response = _run(action, client)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if expected or action == "see_guests":
        return
    if action == "answer_with_a_changed_link":
        assert response.status_code == 400
    elif account == ANONYMOUS:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), (account, action, response.status_code)
