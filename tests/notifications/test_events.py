"""In-app notifications for the digest's events, made when they happen
(notifications/events.py): who is told, that nobody is told of what they may
not see (each audience is held to `user.has_perm`), that they appear on
commit only, once, and that one event costs the same queries for 10 or 100
recipients."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity
from committee import services as committee_services
from committee.models import CommitteeSeat, DecisionRule, ReviewRequest
from documents import services as document_services
from documents.models import Document
from meetings import services as meeting_services
from notifications import events
from notifications.models import Notification
from stakeholders.models import Organisation, Role
from tests.factories import (
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import IndicatorFactory, ReportFactory
from tests.factories.activities_extra import secretariat_user
from tests.factories.committee import seat_holder
from tests.factories.documents import pdf_bytes, upload
from tests.factories.meetings import InvitationFactory, MeetingFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import services as group_services
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def told(kind=None, **filters) -> set[int]:
    """Ids of the users holding a notification (of `kind`)."""
    rows = Notification.objects.filter(**filters)
    if kind:
        rows = rows.filter(kind=kind)
    return set(rows.values_list("user_id", flat=True))


@pytest.fixture
def group_setting():
    group = WorkingGroupFactory(name="Joint survey and monitoring")
    lead = add_member(group, GroupRole.LEAD).user
    member = add_member(group).user
    observer = add_member(group, GroupRole.OBSERVER).user
    outsider = add_member(WorkingGroupFactory()).user
    committee = seat_holder("RU")  # takes positions
    # the committee role without a seat: sees the items in scope, takes no position
    committee_cn = RoleAssignmentFactory(role=Role.COMMITTEE, country__code="CN").user
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    return {
        "group": group,
        "lead": lead,
        "member": member,
        "observer": observer,
        "outsider": outsider,
        "committee": committee,
        "committee_cn": committee_cn,
        "secretariat": secretariat,
    }


def _submitted_plan(group, lead):
    version = group_services.workplan_create(
        group=group,
        by=lead,
        title="Plan 2027",
        period_start=datetime.date(2027, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    group_services.workplan_draft_save(
        version=version,
        by=lead,
        summary="Winter survey",
        items=[
            {
                "objective": "Joint winter survey",
                "output": "",
                "indicator": "",
                "target": None,
                "unit": "",
                "responsible": None,
                "starts_on": None,
                "ends_on": None,
            }
        ],
    )
    group_services.workplan_submit(version=version, by=lead)
    return version


# --- Work plans -------------------------------------------------------------------------


def test_workplan_submitted_tells_the_group_the_seat_holders_and_the_deciders(
    group_setting, django_capture_on_commit_callbacks
):
    s = group_setting
    with django_capture_on_commit_callbacks(execute=True):
        version = _submitted_plan(s["group"], s["lead"])
    request = ReviewRequest.objects.get()
    # The lead submitted it: not told of their own act.
    assert told(Kind.WORKPLAN_SUBMITTED) == {s["member"].pk, s["observer"].pk}
    assert told(Kind.REVIEW_REQUESTED) == {s["committee"].pk}  # "awaits your position"
    assert told(Kind.REVIEW_TO_DECIDE) == {s["secretariat"].pk}  # "awaits your decision"
    # The same answers as the permission rules, for everyone in the setting.
    for name, user in s.items():
        if name == "group":
            continue
        user = type(user).objects.get(pk=user.pk)
        # The group's own (not the secretariat, who sees every group).
        expected_member = (
            user.pk != s["lead"].pk
            and s["group"].memberships.filter(user=user).exists()
            and user.has_perm("workinggroups.view_workplan_version", version)
            and user.has_perm("workinggroups.view_private", s["group"])
        )
        assert (user.pk in told(Kind.WORKPLAN_SUBMITTED)) == expected_member, name
        # Those who record the committee's decision, and the seat holders.
        decides = user.has_perm("committee.decide_review", request)
        assert (user.pk in told(Kind.REVIEW_TO_DECIDE)) == decides, name
        takes_position = user.has_perm("committee.take_position", request) and not decides
        assert (user.pk in told(Kind.REVIEW_REQUESTED)) == takes_position, name
    note = Notification.objects.get(user=s["member"])
    assert note.title == f"Work plan submitted: {version}"
    assert note.url == version.get_absolute_url()
    assert Notification.objects.get(user=s["committee"]).url == request.get_absolute_url()


def test_workplan_decision_tells_the_group_not_the_reviewer(
    group_setting, django_capture_on_commit_callbacks
):
    s = group_setting
    with django_capture_on_commit_callbacks(execute=True):
        _submitted_plan(s["group"], s["lead"])
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.review_decide(
            request=ReviewRequest.objects.get(),
            reviewer=s["secretariat"],
            outcome="request_changes",
            comment="Add the camera-trap budget.",
        )
    assert told(Kind.WORKPLAN_DECIDED) == {s["lead"].pk, s["member"].pk, s["observer"].pk}
    note = Notification.objects.get(user=s["member"])
    assert note.title.startswith("Changes requested to the work plan: ")
    assert note.body == "Add the camera-trap budget."


def test_nothing_before_commit_and_nothing_twice(group_setting, django_capture_on_commit_callbacks):
    s = group_setting
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = _submitted_plan(s["group"], s["lead"])
    assert len(callbacks) == 1
    assert not Notification.objects.exists()  # not before the commit
    callbacks[0]()
    # member and observer; the seat holder; the secretariat
    assert Notification.objects.count() == 4
    # The task run again (a redelivery, acks_late) adds nothing.
    events.fan_out("workplan_submitted", version.pk)
    assert Notification.objects.count() == 4


# --- Documents --------------------------------------------------------------------------


@pytest.mark.parametrize("access", [Document.Access.GROUP, Document.Access.MEMBERS])
def test_document_added_tells_the_members_who_may_see_it(
    access, group_setting, django_capture_on_commit_callbacks
):
    s = group_setting
    # A member whose organisation was suspended is no partner: a members-only
    # document is not theirs to see (a group-only one still is).
    suspended = add_member(s["group"]).user
    Organisation.objects.filter(people__user=suspended).update(status=Organisation.Status.SUSPENDED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = document_services.document_create(
            by=s["member"],
            title="Camera-trap protocol",
            description="How we set the traps.",
            language="en",
            access=access,
            group=s["group"],
            file=upload("protocol.pdf", pdf_bytes()),
        )
    assert len(callbacks) == 1
    receivers = told(Kind.DOCUMENT_ADDED)
    assert s["member"].pk not in receivers  # who added it
    assert {s["lead"].pk, s["observer"].pk} <= receivers
    assert (suspended.pk in receivers) == (access == Document.Access.GROUP)
    for name, user in [*s.items(), ("suspended", suspended)]:
        if name in ("group", "member"):
            continue
        user = type(user).objects.get(pk=user.pk)
        in_group = s["group"].memberships.filter(user=user).exists()
        expected = in_group and user.has_perm("documents.view_document", document)
        assert (user.pk in receivers) == expected, name
    note = Notification.objects.get(user=s["lead"])
    assert note.title == "Document added to Joint survey and monitoring: Camera-trap protocol"
    assert note.url == document.get_absolute_url()


def test_a_document_outside_groups_tells_nobody(group_setting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_services.document_create(
            by=group_setting["secretariat"],
            title="Harbin Consensus",
            description="",
            language="en",
            access=Document.Access.PUBLIC,
            group=None,
            file=upload("consensus.pdf", pdf_bytes()),
        )
    assert len(callbacks) == 1  # "document.added" is published; notifications ignores it
    assert not Notification.objects.exists()


# --- Action items ------------------------------------------------------------------------


def test_action_item_for_a_person_who_sees_the_meeting(
    group_setting, django_capture_on_commit_callbacks
):
    s = group_setting
    meeting = MeetingFactory(group=s["group"], title="Winter survey planning")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.action_item_add(
            meeting=meeting,
            by=s["lead"],
            title="Order 40 camera traps",
            due_on=datetime.date(2027, 2, 1),
            assignee_user=s["member"],
        )
        # Someone who may not see the group's meeting is not told of it.
        meeting_services.action_item_add(
            meeting=meeting,
            by=s["lead"],
            title="Send the patrol logs",
            due_on=datetime.date(2027, 2, 1),
            assignee_user=s["outsider"],
        )
    assert told(Kind.ACTION_ITEM_ASSIGNED) == {s["member"].pk}
    assert not s["outsider"].has_perm("meetings.view_meeting", meeting)
    note = Notification.objects.get()
    assert note.title == "Action item for you: Order 40 camera traps"
    assert "Winter survey planning" in note.body and note.url == meeting.get_absolute_url()


def test_action_item_for_an_organisation_tells_its_people_who_see_the_meeting(
    group_setting, django_capture_on_commit_callbacks
):
    s = group_setting
    organisation = OrganisationFactory(name="Feline Research Center")
    in_group = add_member(s["group"], organisation=organisation).user
    invited = PersonFactory(organisation=organisation, user=UserFactory()).user
    not_invited = PersonFactory(organisation=organisation, user=UserFactory()).user
    PersonFactory(organisation=organisation, user=None)  # no account: nobody to tell
    meeting = MeetingFactory(group=s["group"])
    InvitationFactory(meeting=meeting, user=invited)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.action_item_add(
            meeting=meeting,
            by=s["lead"],
            title="Share the camera-trap photos",
            due_on=datetime.date(2027, 3, 1),
            assignee_organisation=organisation,
        )
    receivers = told(Kind.ACTION_ITEM_ASSIGNED)
    assert receivers == {in_group.pk, invited.pk}
    for user in (in_group, invited, not_invited):
        user = type(user).objects.get(pk=user.pk)
        assert (user.pk in receivers) == user.has_perm("meetings.view_meeting", meeting)
    assert Notification.objects.filter(user=invited).get().title == (
        "Action item for Feline Research Center: Share the camera-trap photos"
    )


# --- Activities -------------------------------------------------------------------------


def test_report_submitted_tells_the_seat_holders_and_its_decision_the_people_involved(
    django_capture_on_commit_callbacks,
):
    china = CountryFactory(code="CN")
    lead = OrganisationFactory(country=china)
    representative = PersonFactory(organisation=lead, user=UserFactory(), is_representative=True)
    colleague = PersonFactory(organisation=lead, user=UserFactory()).user
    proposer = representative.user
    report = ReportFactory(activity__lead_organisation=lead, activity__proposed_by=proposer)
    IndicatorFactory(activity=report.activity, achieved=12)
    reviewers = {
        "seat, China": seat_holder("CN"),
        "seat, Russia": seat_holder("RU"),
        # the committee role without a seat takes no position
        "no seat, China": RoleAssignmentFactory(role=Role.COMMITTEE, country=china).user,
    }
    secretariat = secretariat_user()
    stranger = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        activity_services.report_submit(activity=report.activity, by=proposer)
    request = ReviewRequest.objects.get()
    assert told(Kind.REVIEW_REQUESTED) == {
        reviewers["seat, China"].pk,
        reviewers["seat, Russia"].pk,
    }
    assert told(Kind.REVIEW_TO_DECIDE) == {secretariat.pk}
    for user in reviewers.values():
        assert (user.pk in told(Kind.REVIEW_REQUESTED)) == user.has_perm(
            "committee.take_position", request
        )
        assert not user.has_perm("committee.decide_review", request)

    with django_capture_on_commit_callbacks(execute=True):
        committee_services.review_decide(
            request=request,
            reviewer=secretariat,
            outcome="request_changes",
            comment="Add the GPS tracks.",
        )
    report.refresh_from_db()
    assert told(Kind.REPORT_DECIDED) == {proposer.pk, colleague.pk}
    for user in (proposer, colleague, stranger):
        user = type(user).objects.get(pk=user.pk)
        assert (user.pk in told(Kind.REPORT_DECIDED)) == user.has_perm(
            "activities.view_report", report
        )
    note = Notification.objects.get(user=colleague, kind=Kind.REPORT_DECIDED)
    assert note.title == f"Activity report sent back: {report.activity.title}"
    assert note.body == "Add the GPS tracks."


def test_activity_proposal_decision_tells_the_proposer_and_the_lead_organisation(
    django_capture_on_commit_callbacks,
):
    from tests.factories.activities import ActivityFactory

    lead = OrganisationFactory()
    person = PersonFactory(organisation=lead, user=UserFactory()).user
    proposer = UserFactory()
    activity = ActivityFactory(
        lead_organisation=lead, proposed_by=proposer, status=Activity.Status.PROPOSED
    )
    committee_services.review_submit(
        subject=activity,
        kind=activity_services.PROPOSAL_REVIEW_KIND,
        title=activity.title,
        submitted_by=proposer,
        country=lead.country,
    )
    reviewer = secretariat_user()
    with django_capture_on_commit_callbacks(execute=True):
        committee_services.review_decide(
            request=ReviewRequest.objects.get(),
            reviewer=reviewer,
            outcome="request_changes",
            comment="Not this season.",
        )
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DECLINED
    assert told(Kind.ACTIVITY_DECIDED) == {proposer.pk, person.pk}
    for user in (proposer, person, reviewer):
        user = type(user).objects.get(pk=user.pk)
        if user.pk in told():
            assert user.has_perm("activities.view_activity", activity)
    assert Notification.objects.get(user=person).title == f"Activity declined: {activity.title}"


def test_an_activity_proposal_tells_the_seat_holders_and_the_chair(
    django_capture_on_commit_callbacks,
):
    """The seat holders are asked for their position; the chair (a seat holder
    too) and the secretariat are told it awaits their decision, once each."""
    russia = CountryFactory(code="RU")
    lead = OrganisationFactory(country=russia)
    representative = PersonFactory(organisation=lead, user=UserFactory(), is_representative=True)
    reviewers = {
        "seat": seat_holder("RU"),
        "chair": seat_holder("CN"),
        "no seat": RoleAssignmentFactory(role=Role.COMMITTEE, country=russia).user,
        "secretariat": secretariat_user(),
    }
    DecisionRule.objects.create(
        pk=1, chair=CommitteeSeat.objects.get(holder__user=reviewers["chair"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        activity = activity_services.activity_propose(
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
                "starts_on": "2027-01-10",
                "ends_on": "2027-02-10",
            },
            countries=[russia],
        )
    request = ReviewRequest.objects.get()
    assert told(Kind.REVIEW_REQUESTED) == {reviewers["seat"].pk}
    assert told(Kind.REVIEW_TO_DECIDE) == {reviewers["chair"].pk, reviewers["secretariat"].pk}
    for user in reviewers.values():
        user = type(user).objects.get(pk=user.pk)
        assert (user.pk in told(Kind.REVIEW_TO_DECIDE)) == user.has_perm(
            "committee.decide_review", request
        )
    assert representative.user.pk not in told()  # whoever proposed is not told
    note = Notification.objects.get(user=reviewers["seat"])
    assert note.title == f"Awaiting your position: {activity.title}"
    note = Notification.objects.get(user=reviewers["chair"])
    assert note.title == f"Awaiting your decision: {activity.title}"


def test_a_membership_application_tells_whoever_may_decide_it(django_capture_on_commit_callbacks):
    from stakeholders import services as member_services
    from tests.factories import StakeholderTypeFactory

    russia = CountryFactory(code="RU")
    parks = StakeholderTypeFactory(slug="protected-area")
    ngos = StakeholderTypeFactory(slug="local-ngo")
    applicant = UserFactory()
    people = {
        "secretariat": RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user,
        "focal point, Russia": RoleAssignmentFactory(role=Role.FOCAL_POINT, country=russia).user,
        "focal point, Russia, parks": RoleAssignmentFactory(
            role=Role.FOCAL_POINT, country=russia, stakeholder_type=parks
        ).user,
        "focal point, Russia, NGOs": RoleAssignmentFactory(
            role=Role.FOCAL_POINT, country=russia, stakeholder_type=ngos
        ).user,
        "focal point, China": RoleAssignmentFactory(role=Role.FOCAL_POINT, country__code="CN").user,
        "committee": RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user,
        "ended focal point": RoleAssignmentFactory(
            role=Role.FOCAL_POINT,
            country=russia,
            starts_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2021, 1, 1),
        ).user,
        "applicant": applicant,
    }
    with django_capture_on_commit_callbacks(execute=True):
        application = member_services.application_submit(
            applicant=applicant,
            applicant_position="Director",
            motivation="We guard the leopard's last forests.",
            name="Kedrovaya Pad Friends",
            country=russia,
            stakeholder_type=parks,
        )
    receivers = told(Kind.APPLICATION_SUBMITTED)
    assert receivers == {
        people[name].pk
        for name in ("secretariat", "focal point, Russia", "focal point, Russia, parks")
    }
    for name, user in people.items():
        may_decide = user.has_perm("stakeholders.decide_application", application)
        assert (user.pk in receivers) == may_decide, name
    note = Notification.objects.get(user=people["focal point, Russia"])
    assert note.title == "Membership application to decide: Kedrovaya Pad Friends"
    assert note.url == application.get_absolute_url()
    # Decided before the task runs: nobody is asked any more.
    Notification.objects.all().delete()
    member_services.application_reject(
        application=application, decided_by=people["secretariat"], reason="Duplicate."
    )
    assert events.application_submitted(application.pk) == 0


# --- Query counts -------------------------------------------------------------------------


def _group_of(size):
    group = WorkingGroupFactory()
    organisation = OrganisationFactory()
    lead = add_member(group, GroupRole.LEAD, organisation=organisation).user
    for _ in range(size - 1):
        add_member(group, organisation=organisation)
    return group, lead, organisation


def _queries(function, *args) -> int:
    """The fan-out's own queries: the alert mails it enqueues are one task per
    recipient by design (each claims its send), so they are not counted here."""
    from unittest import mock

    with (
        mock.patch("notifications.tasks.send_alert_mail.delay"),
        CaptureQueriesContext(connection) as queries,
    ):
        function(*args)
    return len(queries)


def test_one_event_costs_the_same_queries_for_10_and_100_recipients():
    counts = {}
    for size in (10, 100):
        group, lead, organisation = _group_of(size)
        for _ in range(size // 10):
            RoleAssignmentFactory(role=Role.COMMITTEE, country=None)
        document = Document.objects.create(
            title=f"Protocol {size}", access=Document.Access.GROUP, group=group, uploaded_by=lead
        )
        meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=3))
        item = meeting.action_items.create(
            title="Share photos",
            assignee_organisation=organisation,
            due_on=datetime.date(2027, 1, 1),
        )
        version = _submitted_plan(group, lead)  # its hook waits for a commit that never comes
        counts[size] = {
            "document": _queries(events.document_added, document.pk),
            "action item": _queries(events.action_item_assigned, item.pk),
            "work plan": _queries(events.workplan_submitted, version.pk),
        }
        # Everyone but the actor, each told once per event.
        assert Notification.objects.filter(kind=Kind.DOCUMENT_ADDED).count() == size - 1
        assert Notification.objects.filter(kind=Kind.ACTION_ITEM_ASSIGNED).count() == size
        assert Notification.objects.filter(kind=Kind.WORKPLAN_SUBMITTED).count() == size - 1
        Notification.objects.all().delete()
    assert counts[10] == counts[100]
