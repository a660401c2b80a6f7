"""Every demo account against every protected action of the meetings issue.

Allowed means the page or the change works; denied means 403 or 404 for a
signed-in user (never a leak) and a redirect to sign-in for a visitor.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from meetings import selectors
from meetings.models import ActionItem, Invitation, Meeting

ANONYMOUS = "anonymous"
SECRETARIAT = "secretariat@demo.example"
COMMITTEE = "committee@demo.example"
CHAIR = "committee-ru@demo.example"  # a seat holder, the committee's chair
LEAD = "lead-monitoring@demo.example"
MEMBER = "member-monitoring@demo.example"
OBSERVER = "rep-wwf@demo.example"  # an observer in the monitoring group
CENTRE = "centre-cn@demo.example"  # works for the Feline Research Center, like the lead
ACCOUNTS = [
    ANONYMOUS,
    SECRETARIAT,
    COMMITTEE,
    CHAIR,
    "focal-cn@demo.example",
    "focal-ru@demo.example",
    LEAD,
    MEMBER,
    OBSERVER,
    CENTRE,
    "user@demo.example",
]
EVERYONE = set(ACCOUNTS)
SIGNED_IN = EVERYONE - {ANONYMOUS}

# action -> the accounts allowed to do it; everyone else is denied.
ALLOWED = {
    "view_monitoring_meeting": {SECRETARIAT, LEAD, MEMBER, OBSERVER},
    "view_anti_poaching_meeting": {SECRETARIAT},
    "view_committee_meeting": {SECRETARIAT, COMMITTEE, CHAIR},
    "view_public_event": EVERYONE,
    "download_monitoring_ics": {SECRETARIAT, LEAD, MEMBER, OBSERVER},
    "schedule_for_monitoring": {SECRETARIAT, LEAD},
    "schedule_for_anti_poaching": {SECRETARIAT},
    "schedule_committee_meeting": {SECRETARIAT},
    "edit_monitoring_meeting": {SECRETARIAT, LEAD},
    "cancel_monitoring_meeting": {SECRETARIAT, LEAD},
    # The invitees, and the secretariat (who may join any group's meeting).
    "rsvp_monitoring_meeting": {SECRETARIAT, LEAD, MEMBER, OBSERVER},
    "rsvp_committee_meeting": {COMMITTEE, CHAIR, SECRETARIAT},  # the secretariat organises it
    "rsvp_public_event": SIGNED_IN,
    "write_monitoring_minutes": {SECRETARIAT, LEAD, MEMBER},  # not the observer
    "close_members_action_item": {SECRETARIAT, LEAD, MEMBER},
    "close_organisations_action_item": {SECRETARIAT, LEAD, CENTRE},  # FRC staff
}


@pytest.fixture(scope="module")
def _seeded_once(django_db_setup, django_db_blocker):
    """The demo data once for the module, in a transaction rolled back at its
    end; each test runs in its own savepoint inside it (pytest-django's `db`)."""
    from committee import demo as committee_demo
    from meetings import demo as meetings_demo
    from stakeholders import demo as stakeholders_demo
    from workinggroups import demo as workinggroups_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            for app in (stakeholders_demo, committee_demo, workinggroups_demo, meetings_demo):
                app.seed(password="tiger-leopard-demo", with_accounts=True)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo_account(_seeded_once, db, django_user_model):
    def get(email):
        return django_user_model.objects.get(email=email)

    return get


@pytest.fixture
def meetings_demo_data(demo_account):
    return None


def _meeting(key) -> Meeting:
    from meetings.demo import _uid

    return Meeting.objects.get(uid=_uid(key))


def _monitoring():
    return _meeting("group-meeting:joint-survey-monitoring")


def _new_meeting_data(**extra):
    data = {
        "kind": "group",
        "title": "Extra meeting",
        "time_zone": "Asia/Vladivostok",
        "starts_at": "2030-05-14T14:00",
        "ends_at": "2030-05-14T16:00",
        "venue": "Vladivostok",
    }
    data.update(extra)
    return data


def _answered(meeting, account, demo_account):
    if account == ANONYMOUS:
        return False
    return Invitation.objects.filter(
        meeting=meeting, user=demo_account(account), response="yes"
    ).exists()


def _run(action, account, client, demo_account):
    """Perform the action; return (allowed?, response)."""
    if action.startswith("view_"):
        meeting = {
            "view_monitoring_meeting": _monitoring,
            "view_anti_poaching_meeting": lambda: _meeting("group-meeting:anti-poaching"),
            "view_committee_meeting": lambda: _meeting("committee-meeting:review"),
            "view_public_event": lambda: _meeting("public-event:webinar"),
        }[action]()
        response = client.get(meeting.get_absolute_url())
        return response.status_code == 200, response
    if action == "download_monitoring_ics":
        response = client.get(_monitoring().get_ics_url())
        return response.status_code == 200, response
    if action.startswith("schedule_for_"):
        slug = {
            "schedule_for_monitoring": "joint-survey-monitoring",
            "schedule_for_anti_poaching": "anti-poaching",
        }[action]
        url = reverse("meetings:new") + f"?group={slug}"
        before = Meeting.objects.count()
        response = client.post(url, _new_meeting_data())
        created = Meeting.objects.count() == before + 1
        if created:
            assert Meeting.objects.latest("pk").group.slug == slug
        return created, response
    if action == "schedule_committee_meeting":
        before = Meeting.objects.count()
        response = client.post(reverse("meetings:new"), _new_meeting_data(kind="committee"))
        return Meeting.objects.count() == before + 1, response
    if action == "edit_monitoring_meeting":
        response = client.get(reverse("meetings:edit", args=[_monitoring().pk]))
        return response.status_code == 200, response
    if action == "cancel_monitoring_meeting":
        response = client.post(reverse("meetings:cancel", args=[_monitoring().pk]), {"reason": ""})
        return _monitoring().is_cancelled, response
    if action.startswith("rsvp_"):
        meeting = {
            "rsvp_monitoring_meeting": _monitoring,
            "rsvp_committee_meeting": lambda: _meeting("committee-meeting:review"),
            "rsvp_public_event": lambda: _meeting("public-event:webinar"),
        }[action]()
        response = client.post(reverse("meetings:rsvp", args=[meeting.pk]), {"response": "yes"})
        return _answered(meeting, account, demo_account), response
    if action == "write_monitoring_minutes":
        meeting = _monitoring()
        response = client.post(
            reverse("meetings:minutes", args=[meeting.pk]), {"minutes": "<p>Agreed.</p>"}
        )
        meeting.refresh_from_db()
        return meeting.minutes == "<p>Agreed.</p>", response
    if action.startswith("close_"):
        if action == "close_members_action_item":
            item = ActionItem.objects.get(assignee_user__email=MEMBER)
        else:
            item = ActionItem.objects.get(assignee_organisation__slug="feline-research-center")
        response = client.post(reverse("meetings:action_item_close", args=[item.pk]))
        item.refresh_from_db()
        return not item.is_open, response
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_permission_matrix(account, action, client, demo_account):
    if account != ANONYMOUS:
        client.force_login(demo_account(account))
    allowed, response = _run(action, account, client, demo_account)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if expected:
        return
    if account == ANONYMOUS:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif action == "schedule_committee_meeting" and account == LEAD:
        # The lead may open the form (for their group) but not choose this kind.
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    else:
        assert response.status_code in (403, 404), (account, action, response.status_code)


def test_the_member_gets_404_for_another_groups_meeting(client, demo_account):
    """Cross-group: the meeting's very existence is not revealed."""
    client.force_login(demo_account(MEMBER))
    anti_poaching = _meeting("group-meeting:anti-poaching")
    assert client.get(anti_poaching.get_absolute_url()).status_code == 404
    assert client.get(anti_poaching.get_ics_url()).status_code == 404
    response = client.post(reverse("meetings:rsvp", args=[anti_poaching.pk]), {"response": "yes"})
    assert response.status_code == 404
    assert client.get(_monitoring().get_absolute_url()).status_code == 200


def test_the_lead_cannot_schedule_for_another_group(client, demo_account):
    client.force_login(demo_account(LEAD))
    assert client.get(reverse("meetings:new") + "?group=anti-poaching").status_code == 403
    assert client.get(reverse("meetings:new") + "?group=no-such-group").status_code == 404
    # Nor by choosing the group in the open form: it is not among the choices.
    anti_poaching = _meeting("group-meeting:anti-poaching").group
    response = client.post(reverse("meetings:new"), _new_meeting_data(group=anti_poaching.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.filter(title="Extra meeting").exists()


def test_the_list_shows_each_account_what_the_rules_let_it_see(client, demo_account):
    """The list's query and the per-meeting rule give the same answers."""
    meetings = list(Meeting.objects.all())
    for account in SIGNED_IN:
        user = demo_account(account)
        listed = set(selectors.meetings_visible_to(user).values_list("pk", flat=True))
        allowed = {m.pk for m in meetings if selectors.can_see(user, m)}
        assert listed == allowed, account


def test_visitors_see_public_events_only(client, meetings_demo_data):
    listed = set(selectors.meetings_visible_to(None).values_list("kind", flat=True))
    assert listed == {Meeting.Kind.PUBLIC}
    page = client.get(reverse("meetings:events")).content.decode()
    assert "Tiger Festival" in page
    assert "working meeting" not in page
    response = client.get(reverse("meetings:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
