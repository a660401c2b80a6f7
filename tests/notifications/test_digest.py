"""The digest: content per user and section, empty digests, one per period,
the local hour, query counts per batch."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from committee.models import ReviewRequest
from notifications import digest, tasks
from notifications.models import DeliveryState, DigestDelivery
from notifications.services import preferences_for, preferences_update
from stakeholders.models import Role
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.factories.activities import ActivityFactory
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import ActionItemFactory, MeetingFactory
from tests.factories.news import ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


def _build(user, since=None):
    now = timezone.now()
    since = since or now - datetime.timedelta(days=7)
    return digest.build_digests([user], since={user.pk: since}, now=now)[user.pk]


def test_news_since_last_digest():
    user = UserFactory()
    fresh = ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=1))
    ArticleFactory(publish_at=timezone.now() - datetime.timedelta(days=30))
    content = _build(user)
    assert [item.title for item in content.news] == [fresh.title]


def test_group_changes_only_in_own_groups():
    group, other = WorkingGroupFactory(), WorkingGroupFactory()
    user = add_member(group).user
    meeting = MeetingFactory(group=group)
    MeetingFactory(group=other)
    document = DocumentFactory(group=group)
    DocumentFactory(group=other)
    titles = {item.title for item in _build(user).group_changes}
    assert titles == {meeting.title, document.title}


def test_activities_in_the_users_countries():
    organisation = OrganisationFactory(country__code="RU")
    user = PersonFactory(organisation=organisation, user=UserFactory()).user
    here = ActivityFactory(countries=["RU"])
    ActivityFactory(countries=["CN"])
    assert [item.title for item in _build(user).activities] == [here.title]


def test_open_action_items_overdue_first():
    organisation = OrganisationFactory()
    user = PersonFactory(organisation=organisation, user=UserFactory()).user
    today = timezone.localdate()
    later = ActionItemFactory(assignee_user=user, due_on=today + datetime.timedelta(days=5))
    overdue = ActionItemFactory(assignee_user=user, due_on=today - datetime.timedelta(days=2))
    for_org = ActionItemFactory(
        assignee_user=None,
        assignee_organisation=organisation,
        due_on=today + datetime.timedelta(days=1),
    )
    ActionItemFactory(due_on=today)  # someone else's
    items = _build(user).action_items
    assert [item.title for item in items] == [overdue.title, for_org.title, later.title]
    assert items[0].overdue and not items[1].overdue


def _pending_review(**kwargs):
    from django.contrib.contenttypes.models import ContentType

    group = WorkingGroupFactory()
    return ReviewRequest.objects.create(
        content_type=ContentType.objects.get_for_model(group),
        object_id=group.pk,
        kind="workplan",
        title=kwargs.pop("title", "Plan 2027"),
        **kwargs,
    )


def _awaiting_in_digest(*users):
    """These members chose the digest (not the default, an email at once) for
    what awaits their decision or position."""
    from notifications import services as notification_services

    for user in users:
        notification_services.alert_preferences_update(
            user=user, choices={"awaits_decision": "digest", "awaits_position": "digest"}
        )


def test_reviews_for_committee_members_within_their_scope():
    member = RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user
    scoped = RoleAssignmentFactory(role=Role.COMMITTEE, country__code="RU").user
    outsider = UserFactory()
    _awaiting_in_digest(member, scoped, outsider)
    anywhere = _pending_review(title="Anywhere")
    from tests.factories import CountryFactory

    china = _pending_review(title="China only", country=CountryFactory(code="CN"))
    russia = _pending_review(title="Russia only", country=CountryFactory(code="RU"))
    assert {i.title for i in _build(member).reviews} == {anywhere.title, china.title, russia.title}
    assert {i.title for i in _build(scoped).reviews} == {russia.title}
    assert _build(outsider).reviews == []
    assert _build(member).reviews[0].label == "Work plan"


def test_applications_for_those_who_decide_them_within_their_scope():
    from tests.factories import ApplicationFactory, CountryFactory, StakeholderTypeFactory

    russia, china = CountryFactory(code="RU"), CountryFactory(code="CN")
    parks = StakeholderTypeFactory(slug="protected-area")
    ngos = StakeholderTypeFactory(slug="local-ngo")
    secretariat = RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user
    focal_ru = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=russia).user
    focal_ru_ngos = RoleAssignmentFactory(
        role=Role.FOCAL_POINT, country=russia, stakeholder_type=ngos
    ).user
    committee = RoleAssignmentFactory(role=Role.COMMITTEE, country=None).user
    park = ApplicationFactory(name="Kedrovaya Pad Friends", country=russia, stakeholder_type=parks)
    ngo = ApplicationFactory(name="Primorye Volunteers", country=russia, stakeholder_type=ngos)
    chinese = ApplicationFactory(name="Hunchun Rangers", country=china, stakeholder_type=parks)
    ApplicationFactory(
        name="Decided already", country=russia, status="rejected", decision_reason="Duplicate."
    )
    # A focal point who applies for another organisation does not decide it.
    own = ApplicationFactory(name="Own application", country=russia, applicant=focal_ru)
    _awaiting_in_digest(secretariat, focal_ru, focal_ru_ngos, committee)

    def titles(user):
        return [item.title for item in _build(user).reviews]

    assert titles(secretariat) == [park.name, ngo.name, chinese.name, own.name]
    assert titles(focal_ru) == [park.name, ngo.name]
    assert titles(focal_ru_ngos) == [ngo.name]
    assert titles(committee) == []
    for user in (secretariat, focal_ru, focal_ru_ngos, committee):
        for application in (park, ngo, chinese, own):
            listed = application.name in titles(user)
            assert listed == user.has_perm("stakeholders.decide_application", application)
    item = _build(focal_ru).reviews[0]
    assert item.label == "Membership application"
    assert item.url.endswith(park.get_absolute_url())


def test_empty_digest_is_not_sent():
    user = UserFactory()
    assert tasks.send_digest(user.pk, "2026-W47") == "empty"
    assert mail.outbox == []
    assert DigestDelivery.objects.get(user=user).state == DeliveryState.SKIPPED


def test_digest_mail_has_html_and_text_and_unsubscribe_headers():
    user = UserFactory(language="zh-hans")
    ArticleFactory(title="Tiger count rises")
    assert tasks.send_digest(user.pk, "2026-W47") == "sent"
    (message,) = mail.outbox
    assert "Tiger count rises" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Tiger count rises" in html and 'lang="zh-hans"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/zh-hans/notifications/unsubscribe/digest/" in (
        unsubscribe
    )


def _news_before(moment: str):
    """Put the clock an hour before `moment` (the digest's own "now") and
    publish an article an hour before that, so that the digest has news
    whatever day the test runs on."""
    at = datetime.datetime.fromisoformat(moment) - datetime.timedelta(hours=1)
    traveller = time_machine.travel(at, tick=False)
    traveller.start()
    ArticleFactory(publish_at=at - datetime.timedelta(hours=1))
    return traveller


@pytest.fixture
def clock():
    travellers = []

    def news_before(moment):
        travellers.append(_news_before(moment))

    yield news_before
    for traveller in reversed(travellers):
        traveller.stop()


def test_one_digest_per_period(clock):
    now = "2026-11-23T08:00:00+00:00"  # a Monday, 08:00 UTC
    clock(now)
    user = UserFactory()
    assert tasks.send_digests(now) == 1
    assert tasks.send_digests(now) == 0
    assert tasks.send_digest(user.pk, "2026-W48") == "already done"
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.get().period_key == "2026-W48"


def test_digest_waits_for_the_local_hour(clock):
    """07:00 in Vladivostok is 21:00 UTC the day before."""
    clock("2026-11-22T20:30:00+00:00")
    user = UserFactory(time_zone="Asia/Vladivostok")
    preferences_update(user=user, digest_frequency="daily")
    assert tasks.send_digests("2026-11-22T20:30:00+00:00") == 0  # 06:30 local
    assert tasks.send_digests("2026-11-22T21:05:00+00:00") == 1  # 07:05 local
    assert DigestDelivery.objects.get(user=user).period_key == "2026-11-23"


def test_weekly_digest_waits_for_monday_and_off_sends_nothing(clock):
    clock("2026-11-23T06:00:00+00:00")
    weekly = UserFactory()
    off = UserFactory()
    preferences_update(user=off, digest_frequency="off")
    assert tasks.send_digests("2026-11-23T06:00:00+00:00") == 0  # Monday 06:00
    assert tasks.send_digests("2026-11-23T07:00:00+00:00") == 1
    assert [m.to for m in mail.outbox] == [[weekly.email]]


def test_bad_users_are_skipped_not_the_batch(caplog, clock):
    clock("2026-11-23T12:00:00+00:00")
    good = UserFactory()
    UserFactory(time_zone="Nowhere/Atlantis")
    UserFactory(language="tlh")
    tasks.send_digests("2026-11-23T12:00:00+00:00")
    assert [m.to for m in mail.outbox] == [[good.email]]
    assert "invalid time zone" in caplog.text and "unknown language" in caplog.text


def _population(count):
    users = []
    for index in range(count):
        group = WorkingGroupFactory() if index % 10 == 0 else group  # noqa: F821
        membership = add_member(group)
        users.append(membership.user)
        ActionItemFactory(assignee_user=membership.user)
        if index % 10 == 0:
            RoleAssignmentFactory(role=Role.COMMITTEE, user=membership.user, country=None)
            MeetingFactory(group=group)
            DocumentFactory(group=group, versions=0)
            _awaiting_in_digest(membership.user)
            _join_request_notice_in_digest(membership.user, group)
    ArticleFactory()
    ActivityFactory(countries=["CN"])
    _pending_review()
    ApplicationFactory()
    RoleAssignmentFactory(role=Role.FOCAL_POINT, user=users[1], country__code="CN")
    _awaiting_in_digest(users[1])
    return users


def _join_request_notice_in_digest(user, group):
    from notifications import services as notification_services
    from notifications.models import Notification

    notification_services.alert_preferences_update(user=user, choices={"join_request": "digest"})
    Notification.objects.create(
        user=user,
        kind=Notification.Kind.JOIN_REQUESTED,
        title=f"Request to join {group.name}",
        url=group.get_absolute_url(),
    )


@pytest.mark.parametrize("count", [10, 100])
def test_digest_batch_query_count_is_fixed(count, django_assert_max_num_queries):
    users = _population(count)
    now = timezone.now()
    since = {user.pk: now - datetime.timedelta(days=7) for user in users}
    with CaptureQueriesContext(connection) as queries:
        contents = digest.build_digests(users, since=since, now=now)
    # the same for 10 and 100 users (one of them asks who chairs the committee)
    assert len(queries) == 16
    assert all(contents[user.pk].action_items for user in users)
    assert all(contents[user.pk].notices for user in users[::10])
    assert all(contents[user.pk].reviews for user in users[::10])
    assert all(contents[user.pk].group_changes for user in users)


def test_send_digests_passes_its_instant_on_so_the_content_window_follows_it():
    """Run for a chosen instant two days ago: the digest reports what was
    published before that instant, not what came after it."""
    user = UserFactory()
    preferences_update(user=user, digest_frequency="daily", digest_hour=0)
    chosen = timezone.now() - datetime.timedelta(days=2)
    before = ArticleFactory(
        title="Before the chosen time", publish_at=chosen - datetime.timedelta(hours=3)
    )
    ArticleFactory(title="After the chosen time", publish_at=chosen + datetime.timedelta(days=1))
    assert tasks.send_digests(chosen.isoformat()) == 1
    (message,) = mail.outbox
    assert before.title in message.body
    assert "After the chosen time" not in message.body
    assert preferences_for(user).last_digest_at == chosen


@pytest.mark.parametrize("count", [5, 50])
def test_each_link_is_made_once_per_object_not_per_member(count, monkeypatch):
    """Every member of one group and one organisation is told of the same
    news, meeting, document, activity, action item and review: each link is
    reversed and made absolute once per batch, whatever the batch size."""
    made = []
    real = digest._absolute
    monkeypatch.setattr(digest, "_absolute", lambda url: made.append(url) or real(url))
    group = WorkingGroupFactory()
    organisation = OrganisationFactory(country__code="CN")
    users = [add_member(group, organisation=organisation).user for _ in range(count)]
    for user in users[:3]:
        RoleAssignmentFactory(role=Role.COMMITTEE, user=user, country=None)
        _awaiting_in_digest(user)
    ArticleFactory()
    ArticleFactory()
    meeting = MeetingFactory(group=group)
    DocumentFactory(group=group, versions=0)
    ActivityFactory(countries=["CN"])
    ActionItemFactory(meeting=meeting, assignee_user=None, assignee_organisation=organisation)
    _pending_review()
    now = timezone.now()
    contents = digest.build_digests(
        users, since={user.pk: now - datetime.timedelta(days=7) for user in users}, now=now
    )
    assert all(len(contents[user.pk].news) == 2 for user in users)
    assert all(contents[user.pk].action_items for user in users)
    assert all(contents[user.pk].activities for user in users)
    # 2 articles, the meeting, the document, the activity, the action item's
    # meeting and the review: 7 links for 5 members as for 50.
    assert len(made) == 7


def test_digest_lists_only_the_documents_the_member_may_open():
    """The leak, closed: a group's new documents reach only the members who
    may open them (documents.view_document), person by person; a member of
    a suspended organisation is no partner and misses the members-only
    document, a member whose group grant was withdrawn misses the group-only
    one, the secretariat sees all."""
    from guardian.shortcuts import remove_perm

    from documents.models import Document
    from stakeholders.models import Organisation

    group = WorkingGroupFactory()
    partner = add_member(group).user
    no_partner = add_member(
        group, organisation=OrganisationFactory(status=Organisation.Status.SUSPENDED)
    ).user
    no_grant = add_member(group).user
    remove_perm("workinggroups.view_private", no_grant, group)
    secretariat = add_member(group).user
    RoleAssignmentFactory(role=Role.SECRETARIAT, user=secretariat, country=None)
    observer = add_member(group, role=GroupRole.OBSERVER).user
    documents = [
        DocumentFactory(group=group, access=access, versions=0, title=f"{access} report")
        for access in Document.Access.values
    ]
    members = [partner, no_partner, no_grant, secretariat, observer]
    now = timezone.now()
    contents = digest.build_digests(
        members, since={user.pk: now - datetime.timedelta(days=7) for user in members}, now=now
    )
    for user in members:
        listed = {item.title for item in contents[user.pk].group_changes}
        user = type(user).objects.get(pk=user.pk)  # no cached permissions
        may_open = {doc.title for doc in documents if user.has_perm("documents.view_document", doc)}
        assert listed == may_open, user
    listed_of = {
        user.pk: {item.title for item in contents[user.pk].group_changes} for user in members
    }
    assert "members report" not in listed_of[no_partner.pk]
    assert "group report" not in listed_of[no_grant.pk]
    assert "group report" in listed_of[no_partner.pk] and "members report" in listed_of[no_grant.pk]
    assert len(listed_of[secretariat.pk]) == len(listed_of[partner.pk]) == 3


def test_digest_mail_does_not_name_a_document_the_member_may_not_open():
    from documents.models import Document
    from stakeholders.models import Organisation

    group = WorkingGroupFactory()
    outsider = add_member(
        group, organisation=OrganisationFactory(status=Organisation.Status.WITHDRAWN)
    ).user
    DocumentFactory(group=group, access=Document.Access.MEMBERS, title="Patrol routes 2027")
    DocumentFactory(group=group, access=Document.Access.PUBLIC, title="Survey summary")
    assert tasks.send_digest(outsider.pk, "2026-W47") == "sent"
    (message,) = mail.outbox
    assert "Survey summary" in message.body
    assert "Patrol routes 2027" not in message.body
    assert "Patrol routes 2027" not in message.alternatives[0][0]


def test_every_section_is_in_the_content_and_both_templates():
    from pathlib import Path

    from django.conf import settings

    from notifications.digest_sections import SECTIONS

    fields = set(digest.DigestContent.__dataclass_fields__) - {"since"}
    assert {section.key for section in SECTIONS} == fields
    for suffix in ("txt", "html"):
        template = Path(settings.BASE_DIR, "templates/notifications/email", f"digest.{suffix}")
        text = template.read_text()
        # each section has its block, in the registry's order
        positions = [text.index(f"{{% if digest.{section.key} %}}") for section in SECTIONS]
        assert positions == sorted(positions)


def test_digest_lists_only_the_group_meetings_the_member_may_see():
    """The same for meetings: a group meeting reaches the members who may see
    it (meetings.view_meeting), a group's public event every member."""
    from guardian.shortcuts import remove_perm

    from tests.factories.meetings import InvitationFactory, PublicEventFactory

    group = WorkingGroupFactory()
    member = add_member(group).user
    no_grant = add_member(group).user
    remove_perm("workinggroups.view_private", no_grant, group)
    invited_without_grant = add_member(group).user
    remove_perm("workinggroups.view_private", invited_without_grant, group)
    meetings = [
        MeetingFactory(group=group, title="Group meeting"),
        PublicEventFactory(group=group, title="Public event"),
    ]
    InvitationFactory(meeting=meetings[0], user=invited_without_grant)
    members = [member, no_grant, invited_without_grant]
    now = timezone.now()
    contents = digest.build_digests(
        members, since={user.pk: now - datetime.timedelta(days=7) for user in members}, now=now
    )
    for user in members:
        listed = {item.title for item in contents[user.pk].group_changes}
        user = type(user).objects.get(pk=user.pk)  # no cached permissions
        may_see = {m.title for m in meetings if user.has_perm("meetings.view_meeting", m)}
        assert listed == may_see, user
    assert {item.title for item in contents[no_grant.pk].group_changes} == {"Public event"}
    assert len(contents[invited_without_grant.pk].group_changes) == 2


def test_documents_with_one_audience_share_one_column_of_the_memberships_query():
    """The memberships query asks each distinct audience once, at the top
    level: twenty members-only documents of one group cost one column, not
    twenty correlated subqueries (156 s for 10,000 members before)."""
    from documents.models import Document
    from notifications.digest_sections import Batch
    from notifications.digest_sections import groups as section

    group = WorkingGroupFactory()
    users = [add_member(group).user for _ in range(3)]
    for index in range(20):
        DocumentFactory(
            group=group, access=Document.Access.MEMBERS, versions=0, title=f"Report {index}"
        )
    now = timezone.now()
    batch = Batch(
        users, since={user.pk: now - datetime.timedelta(days=7) for user in users}, now=now
    )
    guarded = section._guarded(batch)
    assert len(guarded) == 20
    with CaptureQueriesContext(connection) as queries:
        section._memberships(batch, guarded)
    (query,) = queries.captured_queries
    assert query["sql"].count("sees_") == 1
    assert "EXISTS" not in query["sql"].upper()
