"""Alerts that reach decision-makers: for each kind of notice a member
chooses at once by email, in the digest, or off; the notice itself is always
in their notification list. Join requests reach the group's leads, a named
substitute is told; every mail goes through the one pipeline, once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from committee import services as committee_services
from meetings import services as meeting_services
from meetings.models import Meeting, VenueTimeZone
from notifications import digest, services
from notifications.models import (
    ALERT_DEFAULTS,
    AlertDelivery,
    AlertKind,
    EventMailDelivery,
    Notification,
)
from notifications.tasks import notify_event, send_alert_mail
from stakeholders import services as member_services
from stakeholders.models import Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    StakeholderTypeFactory,
    UserFactory,
)
from tests.factories.committee import seat_holder, submitted_plan
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


# --- Scenarios: (the recipient, a function that makes the notice, the digest section) ----


def _awaits_decision():
    focal = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=CountryFactory(code="CN")).user

    def trigger():
        member_services.application_submit(
            applicant=UserFactory(),
            applicant_position="Ranger",
            motivation="Snare removal.",
            name="Hunchun Snare Patrol",
            country=CountryFactory(code="CN"),
            stakeholder_type=StakeholderTypeFactory(),
        )

    return focal, trigger, "reviews"


def _awaits_position():
    russia = CountryFactory(code="RU")
    member = seat_holder("CN")  # seat holders take positions
    lead = OrganisationFactory(country=russia)
    representative = PersonFactory(organisation=lead, user=UserFactory(), is_representative=True)

    def trigger():
        activity_services.activity_propose(
            by=representative.user,
            fields={
                "title": "Joint snow-track survey",
                "description": "Both sides of the border.",
                "kind": "patrol",
                "action_area": "prey",
                "cooperation": "collaboration",
                "lead_organisation": lead,
                "latitude": None,
                "longitude": None,
                "location_sensitive": False,
                # planned ahead of whatever day the test runs
                "starts_on": timezone.localdate() + datetime.timedelta(days=37),
                "ends_on": timezone.localdate() + datetime.timedelta(days=68),
            },
            countries=[russia],
        )

    return member, trigger, "reviews"


def _join_request():
    group = WorkingGroupFactory()
    lead = add_member(group, GroupRole.LEAD).user
    requester = PersonFactory(organisation=OrganisationFactory(), user=UserFactory())

    def trigger():
        group_services.join_request_create(
            user=requester.user, group=group, organisation=requester.organisation, message="Hi"
        )

    return lead, trigger, "notices"


def _substitute():
    group = WorkingGroupFactory()
    organisation = OrganisationFactory()
    lead = add_member(group, GroupRole.LEAD).user
    member = add_member(group, organisation=organisation).user
    colleague = UserFactory(full_name="Cora Colleague")
    organisation.people.create(user=colleague, full_name="Cora Colleague")
    start = (timezone.now() + datetime.timedelta(days=14)).replace(microsecond=0)
    meeting = meeting_services.meeting_schedule(
        by=lead,
        kind=Meeting.Kind.GROUP,
        group=group,
        title="Winter survey planning",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        time_zone=VenueTimeZone.VLADIVOSTOK,
        venue="Vladivostok",
    )

    def trigger():
        meeting_services.rsvp_respond(
            meeting=meeting, user=member, response="substitute", substitute=colleague
        )

    return colleague, trigger, "notices"


def _review_comment():
    request, lead = submitted_plan()
    member = seat_holder("RU")

    def trigger():
        committee_services.comment_add(
            request=request, user=member, body="Which cameras?", to_submitter=True
        )

    return lead, trigger, "notices"


SCENARIOS = {
    AlertKind.AWAITS_DECISION: _awaits_decision,
    AlertKind.AWAITS_POSITION: _awaits_position,
    AlertKind.REVIEW_COMMENT: _review_comment,
    AlertKind.JOIN_REQUEST: _join_request,
    AlertKind.SUBSTITUTE: _substitute,
}


def _digest_of(user):
    now = timezone.now() + datetime.timedelta(minutes=1)
    since = {user.pk: now - datetime.timedelta(days=1)}
    return digest.build_digests([user], since=since, now=now)[user.pk]


def test_every_kind_has_a_scenario_and_a_default():
    assert set(SCENARIOS) == set(AlertKind)
    assert set(ALERT_DEFAULTS) == set(AlertKind)


@pytest.mark.parametrize("delivery", list(AlertDelivery))
@pytest.mark.parametrize("kind", list(AlertKind))
def test_preference_matrix(kind, delivery, django_capture_on_commit_callbacks):
    """Each kind × each choice: a mail now, an entry in the digest, or neither
    (never both); the notification list has it in every case."""
    recipient, trigger, section = SCENARIOS[kind]()
    services.alert_preferences_update(user=recipient, choices={kind: delivery})
    with django_capture_on_commit_callbacks(execute=True):
        trigger()
    mails = [m for m in mail.outbox if m.to == [recipient.email]]
    assert len(mails) == (1 if delivery == AlertDelivery.AT_ONCE else 0)
    assert Notification.objects.filter(user=recipient).exists()
    in_digest = bool(getattr(_digest_of(recipient), section))
    assert in_digest == (delivery == AlertDelivery.DIGEST)
    if mails:
        (message,) = mails
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert f"/unsubscribe/{kind.value}/" in message.extra_headers["List-Unsubscribe"]


def test_defaults_for_members_who_never_chose(django_capture_on_commit_callbacks):
    """No row means the default: "awaits your decision" and "awaits your
    position" (and the others) arrive at once."""
    user = UserFactory()
    assert services.alert_choices(user) == {
        "awaits_decision": "at_once",
        "awaits_position": "at_once",
        "review_comment": "at_once",
        "join_request": "at_once",
        "substitute": "at_once",
    }
    recipient, trigger, _section = _awaits_decision()
    with django_capture_on_commit_callbacks(execute=True):
        trigger()
    assert [m.to for m in mail.outbox] == [[recipient.email]]


def test_a_join_request_reaches_the_groups_leads_only(django_capture_on_commit_callbacks):
    group = WorkingGroupFactory()
    lead = add_member(group, GroupRole.LEAD).user
    co_chair = add_member(group, GroupRole.CO_CHAIR).user
    member = add_member(group).user
    observer = add_member(group, GroupRole.OBSERVER).user
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    other_lead = add_member(WorkingGroupFactory(), GroupRole.LEAD).user
    requester = PersonFactory(organisation=OrganisationFactory(), user=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        join_request = group_services.join_request_create(
            user=requester.user, group=group, organisation=requester.organisation
        )
    told = set(
        Notification.objects.filter(kind=Notification.Kind.JOIN_REQUESTED).values_list(
            "user_id", flat=True
        )
    )
    assert told == {lead.pk, co_chair.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, co_chair.email])
    for user in (lead, co_chair, member, observer, secretariat, other_lead, requester.user):
        decides = user.has_perm("workinggroups.decide_join_request", group)
        assert (user.pk in told) == (decides and user != secretariat)
    note = Notification.objects.get(user=lead)
    assert group.name in note.title and note.url.endswith("#join-requests")
    assert join_request.user.email not in [m.to[0] for m in mail.outbox]


def test_exactly_once_when_the_tasks_run_again(django_capture_on_commit_callbacks):
    lead, trigger, _section = _join_request()
    with django_capture_on_commit_callbacks(execute=True):
        trigger()
    assert len(mail.outbox) == 1
    from workinggroups.models import JoinRequest

    join_request = JoinRequest.objects.get()
    for _ in range(2):  # a redelivered fan-out, and each mail task again
        notify_event.apply(args=["join_requested", join_request.pk]).get()
        assert (
            send_alert_mail.apply(args=[f"join-request:{join_request.pk}", lead.pk]).get()
            == "already done"
        )
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(user=lead).count() == 1
    (delivery,) = EventMailDelivery.objects.filter(user=lead)
    assert delivery.key == f"notice:join-request:{join_request.pk}"


def test_a_choice_changed_before_the_mail_task_runs_wins(django_capture_on_commit_callbacks):
    lead, trigger, _section = _join_request()
    from unittest import mock

    with (
        mock.patch("notifications.tasks.send_alert_mail.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        trigger()
    (call,) = delay.call_args_list
    services.alert_preferences_update(user=lead, choices={"join_request": "off"})
    assert send_alert_mail.apply(args=call.args).get() == "not at once"
    assert mail.outbox == []


def test_the_substitute_is_told_again_only_when_another_is_named(
    django_capture_on_commit_callbacks,
):
    colleague, trigger, _section = _substitute()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        trigger()
        trigger()  # the same answer again
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert "Winter survey planning" in mail.outbox[0].subject


def test_preferences_page_shows_and_saves_the_choices(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "<legend" in page
    assert "Awaits your decision (membership applications, committee items)" in page
    assert 'name="alerts-awaits_decision" value="at_once"' in page
    data = {
        "digest_frequency": "weekly",
        "digest_hour": "7",
        "email_reminders": "on",
        "email_digest": "on",
        "email_meeting_updates": "on",
        "reminder_offsets": ["1440"],
        "alerts-awaits_decision": "digest",
        "alerts-awaits_position": "at_once",
        "alerts-review_comment": "digest",
        "alerts-join_request": "off",
        "alerts-substitute": "digest",
    }
    assert client.post(url, data).status_code == 302
    assert services.alert_choices(user) == {
        "awaits_decision": "digest",
        "awaits_position": "at_once",
        "review_comment": "digest",
        "join_request": "off",
        "substitute": "digest",
    }
    response = client.post(url, {**data, "alerts-join_request": "sometimes"})
    assert response.status_code == 400
    assert services.alert_choices(user)["join_request"] == "off"  # nothing half-stored


def test_one_click_unsubscribe_from_an_alert_moves_it_to_the_digest(client):
    user = UserFactory()
    path = services.unsubscribe_path(user, "awaits_position")
    assert client.post(path).status_code == 200
    assert services.alert_choices(user)["awaits_position"] == "digest"
    tampered = path.replace("awaits_position", "awaits_decision")
    assert client.post(tampered).status_code == 400
    assert services.alert_choices(user)["awaits_decision"] == "at_once"
