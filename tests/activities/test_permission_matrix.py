"""Every demo account against every protected action on activities.

Allowed means the page opens or the change is made; denied means 403 or 404
for a signed-in user (never a leak) and a 404 or a redirect to sign-in for a
visitor. The demo data is seeded once for the module (`activities_demo`)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from activities import demo
from activities.models import Activity, Report
from committee.models import ReviewRequest

ANONYMOUS = "anonymous"
SECRETARIAT = "secretariat@demo.example"
COMMITTEE = "committee@demo.example"  # a seat holder: takes positions, decides nothing alone
CHAIR = "committee-ru@demo.example"  # the chair's seat: records the committee's decisions
FOCAL_CN = "focal-cn@demo.example"
FOCAL_RU = "focal-ru@demo.example"
LEAD = "lead-monitoring@demo.example"  # Feline Research Center; leads the monitoring group
MEMBER = "member-monitoring@demo.example"  # Land of the Leopard; member of that group
WWF = "rep-wwf@demo.example"  # represents WWF; an observer in the monitoring group
CENTRE = "centre-cn@demo.example"  # works for the Feline Research Center
USER = "user@demo.example"
ACCOUNTS = [
    ANONYMOUS,
    SECRETARIAT,
    COMMITTEE,
    CHAIR,
    FOCAL_CN,
    FOCAL_RU,
    LEAD,
    MEMBER,
    WWF,
    CENTRE,
    USER,
]
EVERYONE = set(ACCOUNTS)
SIGNED_IN = EVERYONE - {ANONYMOUS}

FESTIVAL = "Tiger Festival 2027"  # proposed by the public-awareness group, CWCA-led
SURVEY = "Joint cross-border camera-trap survey"  # completed, report with the committee
SNARES = "Joint snare removal"  # ongoing, WWF-led, proposed by rep-wwf
VISIT = "Exchange visit between"  # approved, led by the NTLNP administration
GRID = "Camera-trap grid"  # ongoing, sensitive point, the monitoring group's, FRC-led
EXACT_LATITUDE = "43.52137"

# action -> the accounts allowed to do it; everyone else is denied.
ALLOWED = {
    "view_proposal": {SECRETARIAT, COMMITTEE, CHAIR},
    "view_ongoing_activity": EVERYONE,
    "view_approved_activity": EVERYONE,
    # the people involved (the group's members and observer, the lead's
    # people), and partners of member organisations in the activity's country
    "see_exact_sensitive_point": {SECRETARIAT, LEAD, MEMBER, WWF, CENTRE, FOCAL_CN},
    "view_report_with_committee": {SECRETARIAT, COMMITTEE, CHAIR, LEAD, MEMBER, WWF},
    "open_propose_form": SIGNED_IN - {USER},  # works for no member organisation
    "edit_wwf_activity": {SECRETARIAT, WWF},
    "complete_wwf_activity": {SECRETARIAT, WWF},
    "edit_group_activity": {SECRETARIAT, LEAD, MEMBER},  # not the observer, not FRC staff
    # led by the NTLNP administration: focal points do not act for it
    "edit_ntlnp_activity": {SECRETARIAT},
    "start_ntlnp_activity": {SECRETARIAT},
    # the committee decides together: a seat holder alone does not; the
    # secretariat and the chair record its decision
    "decide_proposal": {SECRETARIAT, CHAIR},
    "decide_report": {SECRETARIAT, CHAIR},  # not its submitter (MEMBER)
}


@pytest.fixture(scope="module")
def activities_demo(demo_data_for_module, django_db_blocker):
    """The full demo data, with the activities (added here while seed_demo
    does not call `activities.demo.seed` yet; it is idempotent)."""
    with django_db_blocker.unblock():
        demo.seed(password="tiger-leopard-demo", with_accounts=True)


@pytest.fixture
def demo_account(activities_demo, module_demo_user):
    return module_demo_user


def _activity(prefix) -> Activity:
    return Activity.objects.get(title__startswith=prefix)


def _pending(subject) -> ReviewRequest:
    return ReviewRequest.objects.get(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        status=ReviewRequest.Status.PENDING,
    )


def _edit_data(activity):
    """The edit form as its page fills it in, with a new title."""
    from activities.forms import ActivityForm

    data = ActivityForm.initial_for(activity)
    data["title"] = "Renamed by the matrix"
    data["starts_on"] = data["starts_on"].isoformat()
    data["ends_on"] = data["ends_on"].isoformat()
    data["location_sensitive"] = "on" if data["location_sensitive"] else ""
    data = {
        key: ("" if value is None else value)
        for key, value in data.items()
        if key != "lead_organisation"
    }
    for key, value in list(data.items()):
        if key.startswith("planned_"):
            data[key] = str(value)
    return data


def _run(action, client):
    """Perform the action; return (allowed?, response)."""
    if action == "view_proposal":
        response = client.get(_activity(FESTIVAL).get_absolute_url())
        return response.status_code == 200, response
    if action in ("view_ongoing_activity", "view_approved_activity"):
        activity = _activity(SNARES if action == "view_ongoing_activity" else VISIT)
        response = client.get(activity.get_absolute_url())
        return response.status_code == 200, response
    if action == "see_exact_sensitive_point":
        response = client.get(_activity(GRID).get_absolute_url())
        assert response.status_code == 200
        return EXACT_LATITUDE in response.content.decode(), response
    if action == "view_report_with_committee":
        response = client.get(reverse("activities:report", args=[_activity(SURVEY).pk]))
        return response.status_code == 200, response
    if action == "open_propose_form":
        response = client.get(reverse("activities:propose"))
        return response.status_code == 200, response
    if action.startswith("edit_"):
        activity = _activity(
            {
                "edit_wwf_activity": SNARES,
                "edit_group_activity": GRID,
                "edit_ntlnp_activity": VISIT,
            }[action]
        )
        response = client.post(reverse("activities:edit", args=[activity.pk]), _edit_data(activity))
        activity.refresh_from_db()
        return activity.title == "Renamed by the matrix", response
    if action in ("complete_wwf_activity", "start_ntlnp_activity"):
        activity, step, target = {
            "complete_wwf_activity": (_activity(SNARES), "complete", "completed"),
            "start_ntlnp_activity": (_activity(VISIT), "start", "ongoing"),
        }[action]
        response = client.post(reverse("activities:step", args=[activity.pk, step]))
        activity.refresh_from_db()
        return activity.status == target, response
    if action == "decide_proposal":
        activity = _activity(FESTIVAL)
        response = client.post(_pending(activity).get_absolute_url(), {"outcome": "approve"})
        activity.refresh_from_db()
        return activity.status == Activity.Status.APPROVED, response
    if action == "decide_report":
        report = Report.objects.get(activity=_activity(SURVEY))
        response = client.post(_pending(report).get_absolute_url(), {"outcome": "approve"})
        report.refresh_from_db()
        return report.status == Report.Status.ACCEPTED, response
    raise AssertionError(action)


@pytest.mark.parametrize("action", sorted(ALLOWED))
@pytest.mark.parametrize("account", ACCOUNTS)
def test_permission_matrix(account, action, client, demo_account):
    if account != ANONYMOUS:
        client.force_login(demo_account(account))
    allowed, response = _run(action, client)
    expected = account in ALLOWED[action]
    assert allowed == expected, (account, action, response.status_code)
    if expected or action == "see_exact_sensitive_point":
        return
    if account == ANONYMOUS:
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code in (403, 404), (account, action, response.status_code)


def test_the_generalised_point_is_shown_to_those_not_entitled(client, demo_account):
    page = client.get(_activity(GRID).get_absolute_url()).content.decode()
    assert EXACT_LATITUDE not in page
    assert "43.55" in page  # the centre of its 0.1° cell
    assert "generalised to about 10 km" in page


def test_a_representative_cannot_edit_another_organisations_activity(client, demo_account):
    """rep-wwf edits WWF's activity, but another organisation's is 403, and a
    proposal they are not involved in is 404."""
    client.force_login(demo_account(WWF))
    assert client.get(reverse("activities:edit", args=[_activity(SNARES).pk])).status_code == 200
    assert client.get(reverse("activities:edit", args=[_activity(VISIT).pk])).status_code == 403
    response = client.get(reverse("activities:edit", args=[_activity(FESTIVAL).pk]))
    assert response.status_code == 404


def test_the_detail_page_offers_only_the_allowed_steps(client, demo_account):
    snares = _activity(SNARES)
    client.force_login(demo_account(WWF))
    page = client.get(snares.get_absolute_url()).content.decode()
    assert "Mark as completed" in page and "Edit the activity" in page
    assert "Start the activity" not in page  # it is already under way
    client.force_login(demo_account(FOCAL_CN))
    page = client.get(snares.get_absolute_url()).content.decode()
    assert "Mark as completed" not in page and "Edit the activity" not in page
