"""The digest: what each member should hear about since their last one.

`build_digests(users, since=..., now=...)` builds the content for a whole
batch of users with a fixed number of queries (one per section, not per
user): it loads every candidate row for the batch at once and sorts them out
per user in Python. Each object's item (its link reversed, made absolute)
is built once per batch and shared by every member it concerns, not once
per member. Sections:

- news published since the user's last digest;
- changes in the user's working groups: work plans submitted or decided,
  meetings scheduled, documents added;
- activities in the countries of the user's organisations;
- open meeting action items assigned to the user or their organisation,
  overdue first;
- for committee members, what awaits their review (kinds from
  committee/registry.py), within the scope of their committee role; for the
  secretariat and focal points, the membership applications awaiting their
  decision, within the scope of their role (listed with the reviews).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import NotificationPreference

ITEMS_PER_SECTION = 10


@dataclass
class DigestItem:
    title: str
    url: str
    when: datetime.datetime | datetime.date | None = None
    label: str = ""
    overdue: bool = False


@dataclass
class DigestContent:
    since: datetime.datetime
    news: list[DigestItem] = field(default_factory=list)
    group_changes: list[DigestItem] = field(default_factory=list)
    activities: list[DigestItem] = field(default_factory=list)
    action_items: list[DigestItem] = field(default_factory=list)
    reviews: list[DigestItem] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.news or self.group_changes or self.activities or self.action_items or self.reviews
        )


def subject():
    return _("Your Partnership Portal digest")


def period_length(preference: NotificationPreference) -> datetime.timedelta:
    if preference.digest_frequency == NotificationPreference.Frequency.DAILY:
        return datetime.timedelta(days=1)
    return datetime.timedelta(days=7)


def period_key(preference: NotificationPreference, local: datetime.datetime) -> str:
    if preference.digest_frequency == NotificationPreference.Frequency.DAILY:
        return local.date().isoformat()
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def due_period_key(user, preference: NotificationPreference, now: datetime.datetime) -> str | None:
    """The period whose digest is due for this user now, or None: daily
    digests from the digest hour of each local day, weekly ones from the
    digest hour of the local Monday (later that week if missed)."""
    frequency = preference.digest_frequency
    if frequency == NotificationPreference.Frequency.OFF or not preference.email_digest:
        return None
    local = now.astimezone(user.zoneinfo)
    if frequency == NotificationPreference.Frequency.DAILY:
        if local.hour < preference.digest_hour:
            return None
    elif local.weekday() == 0 and local.hour < preference.digest_hour:
        return None
    return period_key(preference, local)


def _absolute(url: str) -> str:
    from .services import absolute_url

    return absolute_url(url)


def build_digests(users, *, since: dict[int, datetime.datetime], now: datetime.datetime):
    """{user_id: DigestContent} for a batch of users, in a fixed number of
    queries whatever the batch size."""
    from activities.models import Activity
    from committee.models import ReviewDecision, ReviewRequest
    from committee.registry import KINDS
    from documents.models import Document
    from meetings.models import ActionItem, Meeting
    from news.models import Article
    from stakeholders.models import MembershipApplication, Person, Role, RoleAssignment
    from workinggroups.models import GroupMembership, WorkPlanVersion
    from workinggroups.services import WORKPLAN_REVIEW_KIND

    users = list(users)
    user_ids = [user.pk for user in users]
    contents = {user.pk: DigestContent(since=since[user.pk]) for user in users}
    if not users:
        return contents
    earliest = min(since.values())
    today = timezone.localdate(now)

    # News (1 query).
    articles = list(
        Article.objects.visible(now)
        .filter(publish_at__gt=earliest)
        .only("pk", "title", "slug", "publish_at")
        .order_by("-publish_at")[:200]
    )
    news_items = [
        DigestItem(article.title, _absolute(article.get_absolute_url()), article.publish_at)
        for article in articles
    ]
    for user in users:
        contents[user.pk].news = [item for item in news_items if item.when > since[user.pk]][
            :ITEMS_PER_SECTION
        ]

    # Groups (1 query for memberships, 1 per kind of change: 4).
    groups_of = defaultdict(set)
    for user_id, group_id in GroupMembership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group_id"
    ):
        groups_of[user_id].add(group_id)
    group_ids = set().union(*groups_of.values()) if groups_of else set()
    events = []  # (group_id, changed_at, DigestItem)
    if group_ids:
        for version in WorkPlanVersion.objects.filter(
            plan__group_id__in=group_ids, submitted_at__gt=earliest
        ).select_related("plan__group"):
            events.append(
                (
                    version.plan.group_id,
                    version.submitted_at,
                    DigestItem(
                        str(version),
                        _absolute(version.get_absolute_url()),
                        version.submitted_at,
                        _("Work plan submitted"),
                    ),
                )
            )
        for decision in ReviewDecision.objects.filter(
            request__group_id__in=group_ids,
            request__kind=WORKPLAN_REVIEW_KIND,
            decided_at__gt=earliest,
        ).select_related("request"):
            events.append(
                (
                    decision.request.group_id,
                    decision.decided_at,
                    DigestItem(
                        decision.request.title,
                        _absolute(decision.request.get_absolute_url()),
                        decision.decided_at,
                        str(decision.get_outcome_display()),
                    ),
                )
            )
        for meeting in Meeting.objects.filter(
            group_id__in=group_ids,
            created_at__gt=earliest,
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now,
        ):
            events.append(
                (
                    meeting.group_id,
                    meeting.created_at,
                    DigestItem(
                        meeting.title,
                        _absolute(meeting.get_absolute_url()),
                        meeting.starts_at,
                        _("Meeting scheduled"),
                    ),
                )
            )
        for document in Document.objects.filter(
            group_id__in=group_ids, created_at__gt=earliest
        ).only("pk", "title", "group_id", "created_at"):
            events.append(
                (
                    document.group_id,
                    document.created_at,
                    DigestItem(
                        document.title,
                        _absolute(document.get_absolute_url()),
                        document.created_at,
                        _("Document added"),
                    ),
                )
            )
    for user in users:
        mine = groups_of.get(user.pk, set())
        contents[user.pk].group_changes = [
            item
            for group_id, changed_at, item in sorted(events, key=lambda e: e[1], reverse=True)
            if group_id in mine and changed_at > since[user.pk]
        ][:ITEMS_PER_SECTION]

    # Countries and organisations of each user (1 query).
    countries_of, organisations_of = defaultdict(set), defaultdict(set)
    for user_id, organisation_id, country_id in Person.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "organisation_id", "organisation__country_id"):
        organisations_of[user_id].add(organisation_id)
        countries_of[user_id].add(country_id)

    # Activities in those countries (2 queries).
    country_ids = set().union(*countries_of.values()) if countries_of else set()
    if country_ids:
        activities = list(
            Activity.objects.filter(countries__in=country_ids, updated_at__gt=earliest)
            .exclude(status__in=[Activity.Status.PROPOSED, Activity.Status.DECLINED])
            .distinct()
            .only("pk", "title", "status", "updated_at")
        )
        activity_countries = defaultdict(set)
        for activity_id, country_id in Activity.countries.through.objects.filter(
            activity_id__in=[a.pk for a in activities]
        ).values_list("activity_id", "country_id"):
            activity_countries[activity_id].add(country_id)
        activity_items = [
            (
                activity_countries[activity.pk],
                DigestItem(
                    activity.title,
                    _absolute(activity.get_absolute_url()),
                    activity.updated_at,
                    str(activity.get_status_display()),
                ),
            )
            for activity in activities
        ]
        for user in users:
            contents[user.pk].activities = [
                item
                for countries, item in activity_items
                if item.when > since[user.pk] and countries & countries_of.get(user.pk, set())
            ][:ITEMS_PER_SECTION]

    # Open action items (1 query); overdue first.
    organisation_ids = set().union(*organisations_of.values()) if organisations_of else set()
    from django.db.models import Q

    items = list(
        ActionItem.objects.filter(status=ActionItem.Status.OPEN)
        .filter(Q(assignee_user_id__in=user_ids) | Q(assignee_organisation_id__in=organisation_ids))
        .select_related("meeting")
        .order_by("due_on", "pk")
    )
    meeting_urls = {}  # one reverse per meeting, however many items and members
    action_items = []
    for item in items:
        if item.meeting_id not in meeting_urls:
            meeting_urls[item.meeting_id] = _absolute(item.meeting.get_absolute_url())
        action_items.append(
            (
                item,
                DigestItem(
                    item.title,
                    meeting_urls[item.meeting_id],
                    item.due_on,
                    item.meeting.title,
                    overdue=item.due_on < today,
                ),
            )
        )
    for user in users:
        mine = [
            entry
            for item, entry in action_items
            if item.assignee_user_id == user.pk
            or item.assignee_organisation_id in organisations_of.get(user.pk, ())
        ]
        mine.sort(key=lambda entry: (not entry.overdue, entry.when))
        contents[user.pk].action_items = mine[:ITEMS_PER_SECTION]

    # Reviews awaiting committee members, applications awaiting the
    # secretariat and focal points (1 query for the roles, 1 per kind asked).
    deciding_roles = {Role.COMMITTEE: defaultdict(list), Role.FOCAL_POINT: defaultdict(list)}
    for assignment in (
        RoleAssignment.objects.active(on=today)
        .filter(user_id__in=user_ids, role__in=[Role.COMMITTEE, Role.FOCAL_POINT, Role.SECRETARIAT])
        .only("user_id", "country_id", "stakeholder_type_id", "role")
    ):
        if assignment.role == Role.SECRETARIAT:
            # The secretariat decides every application, whatever its scope.
            deciding_roles[Role.FOCAL_POINT][assignment.user_id].append(None)
        else:
            deciding_roles[assignment.role][assignment.user_id].append(assignment)
    awaiting: dict[int, list] = defaultdict(list)
    if deciding_roles[Role.COMMITTEE]:
        requests = ReviewRequest.objects.filter(status=ReviewRequest.Status.PENDING)
        _assign(
            awaiting,
            deciding_roles[Role.COMMITTEE],
            requests.order_by("submitted_at")[:500],
            title=lambda request: request.title,
            submitter=lambda request: request.submitted_by_id,
            label=lambda request: (
                str(KINDS[request.kind].label) if request.kind in KINDS else request.kind
            ),
        )
    if deciding_roles[Role.FOCAL_POINT]:
        applications = MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING
        ).only("pk", "name", "country_id", "stakeholder_type_id", "applicant_id", "submitted_at")
        label = str(_("Membership application"))
        _assign(
            awaiting,
            deciding_roles[Role.FOCAL_POINT],
            applications.order_by("submitted_at")[:500],
            title=lambda application: application.name,
            submitter=lambda application: application.applicant_id,
            label=lambda application: label,
        )
    for user_id, entries in awaiting.items():
        entries.sort(key=lambda entry: entry.when)
        contents[user_id].reviews = entries[:ITEMS_PER_SECTION]
    return contents


def _assign(awaiting, roles_by_user, subjects, *, title, submitter, label) -> None:
    """An item for each subject (a review request, an application) to the
    users whose role covers it (country and stakeholder type; `None` stands
    for a reach without scope); nobody decides what they sent themselves."""
    items = [
        (
            subject,
            submitter(subject),
            DigestItem(
                title(subject),
                _absolute(subject.get_absolute_url()),
                subject.submitted_at,
                label(subject),
            ),
        )
        for subject in subjects
    ]
    for user_id, assignments in roles_by_user.items():
        awaiting[user_id].extend(
            entry
            for subject, submitter_id, entry in items
            if submitter_id != user_id
            and any(a is None or _covers(a, subject) for a in assignments)
        )


def _covers(assignment, request) -> bool:
    return (not assignment.country_id or assignment.country_id == request.country_id) and (
        not assignment.stakeholder_type_id
        or assignment.stakeholder_type_id == request.stakeholder_type_id
    )
