"""One rule, three forms: every rule that decides who sees (or decides) a
thing is written in its app's rules.py as the check (`user.has_perm(perm,
obj)`), the rows a user sees (`visible_to(user)`, a Q or EVERYONE) and the
users who see a row (`audience(obj)`, a Q on users). This test asks all
three about the same people and objects and fails on any disagreement.

The people: every demo account, plus scoped, ended, self-applying, observer,
non-partner, superuser and "works for a member that has left" variants.
The objects: the demo data's, plus one of every access level and status
(public / members / group, embargoed, draft / submitted / approved, ...).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from guardian.shortcuts import assign_perm

from activities import rules as activity_rules
from activities.models import Activity, InformationCentre, Report
from committee import rules as committee_rules
from committee.models import ReviewRequest
from common.authz import RULES, users_matching
from documents import rules as document_rules
from documents.models import Document
from meetings import rules as meeting_rules
from meetings.models import Meeting
from monitoring import rules as monitoring_rules
from monitoring.models import PatrolSummary, PopulationEstimate
from news import rules as news_rules
from news.models import Article, TranslationGrant
from partnership.models import User
from stakeholders import rules as stakeholder_rules
from stakeholders.models import MembershipApplication, Organisation, Role
from stakeholders.services import person_make_representative
from tests.factories import (
    ApplicationFactory,
    CountryFactory,
    OrganisationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    StakeholderTypeFactory,
    UserFactory,
)
from tests.factories.activities import ActivityFactory, ReportFactory
from tests.factories.activities_extra import InformationCentreFactory
from tests.factories.documents import DocumentFactory
from tests.factories.meetings import (
    CommitteeMeetingFactory,
    InvitationFactory,
    MeetingFactory,
    PublicEventFactory,
)
from tests.factories.monitoring import PatrolSummaryFactory, PopulationEstimateFactory
from tests.factories.news import ArticleFactory
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups import rules as group_rules
from workinggroups.models import GroupRole, WorkPlan, WorkPlanVersion

YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)
LAST_YEAR = datetime.date.today() - datetime.timedelta(days=365)


@dataclass(frozen=True)
class Forms:
    """The three forms of one rule."""

    perm: str
    model: type
    visible_to: object  # user -> Q | None
    audience: object  # obj -> Q over users


FORMS = [
    Forms("documents.view_document", Document, document_rules.visible_to, document_rules.audience),
    Forms("meetings.view_meeting", Meeting, meeting_rules.visible_to, meeting_rules.audience),
    Forms("activities.view_activity", Activity, activity_rules.visible_to, activity_rules.audience),
    Forms(
        "activities.view_exact_location",
        Activity,
        activity_rules.exact_location_visible_to,
        activity_rules.exact_location_audience,
    ),
    Forms(
        "activities.view_report",
        Report,
        activity_rules.reports_visible_to,
        activity_rules.report_audience,
    ),
    Forms(
        "workinggroups.view_workplan_version",
        WorkPlanVersion,
        group_rules.workplan_versions_visible_to,
        group_rules.workplan_version_audience,
    ),
    Forms(
        "stakeholders.decide_application",
        MembershipApplication,
        stakeholder_rules.decidable_by,
        stakeholder_rules.deciders,
    ),
    Forms(
        "stakeholders.view_application",
        MembershipApplication,
        stakeholder_rules.applications_visible_to,
        stakeholder_rules.application_audience,
    ),
    Forms(
        "stakeholders.change_organisation",
        Organisation,
        stakeholder_rules.editable_by,
        stakeholder_rules.editors,
    ),
    Forms(
        "committee.decide_review",
        ReviewRequest,
        committee_rules.decidable_by,
        committee_rules.deciders,
    ),
    Forms(
        "committee.view_review",
        ReviewRequest,
        committee_rules.reviews_visible_to,
        committee_rules.review_audience,
    ),
    Forms(
        "committee.take_position",
        ReviewRequest,
        committee_rules.positions_open_to,
        committee_rules.position_takers,
    ),
    Forms(
        "monitoring.view_populationestimate",
        PopulationEstimate,
        monitoring_rules.records_visible_to,
        monitoring_rules.record_audience,
    ),
    Forms(
        "monitoring.view_patrolsummary",
        PatrolSummary,
        monitoring_rules.records_visible_to,
        monitoring_rules.record_audience,
    ),
    Forms(
        "monitoring.view_exact_location",
        PopulationEstimate,
        lambda user: monitoring_rules.exact_location_visible_to(user, PopulationEstimate),
        monitoring_rules.exact_location_audience,
    ),
    Forms(
        "monitoring.view_exact_location",
        PatrolSummary,
        lambda user: monitoring_rules.exact_location_visible_to(user, PatrolSummary),
        monitoring_rules.exact_location_audience,
    ),
    Forms(
        "monitoring.import_data",
        InformationCentre,
        monitoring_rules.centres_published_by,
        monitoring_rules.publishers,
    ),
    Forms("news.change_article", Article, news_rules.editable_by, news_rules.editors),
    Forms(
        "stakeholders.view_person",
        User,
        stakeholder_rules.people_visible_to,
        stakeholder_rules.person_audience,
    ),
    Forms("news.translate", Article, news_rules.translatable_by, news_rules.translators),
]


def _review_request(subject, *, submitted_by, country=None, stakeholder_type=None, group=None):
    return ReviewRequest.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind="test",
        title=str(subject),
        group=group,
        country=country,
        stakeholder_type=stakeholder_type,
        submitted_by=submitted_by,
    )


def _build_variants():
    """People and objects beyond the demo data, of every kind the rules tell apart."""
    cn = CountryFactory(code="CN")
    ru = CountryFactory(code="RU")
    protected_area = StakeholderTypeFactory(slug="protected-area")
    ngo = StakeholderTypeFactory(slug="ngo", name="NGO")

    # People: scoped, ended, observer, non-partner, superuser, inactive member.
    RoleAssignmentFactory(role=Role.FOCAL_POINT, country=cn, stakeholder_type=ngo)
    focal_ru = RoleAssignmentFactory(role=Role.FOCAL_POINT, country=ru).user
    RoleAssignmentFactory(role=Role.COMMITTEE, country=ru, stakeholder_type=protected_area)
    committee_cn = RoleAssignmentFactory(role=Role.COMMITTEE, country=cn).user
    RoleAssignmentFactory(
        role=Role.SECRETARIAT, country=None, starts_on=LAST_YEAR, ends_on=YESTERDAY
    )
    RoleAssignmentFactory(role=Role.COMMITTEE, country=None, starts_on=LAST_YEAR, ends_on=YESTERDAY)
    RoleAssignmentFactory(role=Role.FOCAL_POINT, country=cn, starts_on=LAST_YEAR, ends_on=YESTERDAY)
    centre_cn = InformationCentreFactory(host=OrganisationFactory(country=cn))
    centre_ru = InformationCentreFactory(host=OrganisationFactory(country=ru, stakeholder_type=ngo))
    RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=cn)
    RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=ru, stakeholder_type=protected_area)
    RoleAssignmentFactory(role=Role.CENTRE_STAFF, country=None)
    UserFactory(full_name="Not a partner")
    get_user_model().objects.create_superuser(email="root@example.org", password="x")

    group = WorkingGroupFactory(name="Rules agree")
    lead = add_member(group, GroupRole.LEAD).user
    add_member(group, GroupRole.OBSERVER)
    left = OrganisationFactory(status=Organisation.Status.WITHDRAWN)
    left_member = add_member(group, organisation=left).user
    left_person = PersonFactory(organisation=left, user=UserFactory()).user
    partner = PersonFactory(organisation=OrganisationFactory(), user=UserFactory()).user

    # Documents of every access level, in and outside the group.
    for access in Document.Access.values:
        DocumentFactory(access=access, group=group, versions=0)
        if access != Document.Access.GROUP:
            DocumentFactory(access=access, versions=0)

    # Meetings of every kind, with an invitation and a substitute.
    group_meeting = MeetingFactory(group=group, organiser=lead)
    InvitationFactory(
        meeting=group_meeting, user=partner, response="substitute", substitute=left_person
    )
    committee_meeting = CommitteeMeetingFactory()
    InvitationFactory(meeting=committee_meeting, user=focal_ru)
    PublicEventFactory()

    # Activities in every status; one where an organisation that has left takes part.
    for status in Activity.Status.values:
        ActivityFactory(status=status, group=group if status == "proposed" else None)
    ActivityFactory(status=Activity.Status.PROPOSED, organisations=[left], lead_organisation=left)
    participating = ActivityFactory(
        status=Activity.Status.DECLINED, organisations=[OrganisationFactory()]
    )
    PersonFactory(organisation=participating.organisations.get(), user=UserFactory())
    granted = ActivityFactory(
        status=Activity.Status.APPROVED, lead_organisation=OrganisationFactory(country=ru)
    )
    assign_perm("activities.view_exact_location", UserFactory(), granted)
    for report_status in Report.Status.values:
        ReportFactory(status=report_status)
        ReportFactory(
            status=report_status,
            activity=ActivityFactory(status=Activity.Status.PROPOSED, proposed_by=left_member),
        )

    # Work plan versions in every status.
    versions = []
    for status in WorkPlanVersion.Status.values:
        plan = WorkPlan.objects.create(
            group=group,
            title=f"Rules agree plan, {status}",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2027, 1, 1),
        )
        versions.append(WorkPlanVersion.objects.create(plan=plan, number=1, status=status))

    # Applications: one from a focal point who covers it (deciding their own).
    ApplicationFactory(applicant=RoleAssignmentFactory(role=Role.FOCAL_POINT, country=cn).user)
    ApplicationFactory(country=ru, stakeholder_type=ngo)
    ApplicationFactory(country=cn, stakeholder_type=ngo, applicant=partner)

    # Organisations: inactive ones, one with a representative.
    inactive_ru = OrganisationFactory(country=ru, status=Organisation.Status.SUSPENDED)
    person_make_representative(organisation=inactive_ru, user=UserFactory())
    OrganisationFactory(country=cn, stakeholder_type=ngo, status=Organisation.Status.APPLICANT)

    # Review requests: scoped, unscoped, one submitted by a committee member.
    _review_request(versions[0], submitted_by=lead, group=group)
    _review_request(versions[1], submitted_by=committee_cn, country=cn)
    _review_request(versions[2], submitted_by=partner, country=ru, stakeholder_type=protected_area)

    # Monitoring records: embargoed and public, of centres in two countries.
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    for centre in (centre_cn, centre_ru):
        PopulationEstimateFactory(centre=centre, country=centre.country, embargo_until=next_year)
        PopulationEstimateFactory(centre=centre, country=centre.country, estimate=Decimal("3"))
        PatrolSummaryFactory(centre=centre, embargo_until=next_year)
        PatrolSummaryFactory(centre=centre, embargo_until=YESTERDAY)
        ArticleFactory(author_centre=centre)
    granted_article = ArticleFactory(
        author_centre=None, author_organisation=OrganisationFactory(), status=Article.Status.DRAFT
    )
    # Translation grants: one article, and every article.
    article_type = ContentType.objects.get_for_model(Article)
    TranslationGrant.objects.create(
        user=UserFactory(), content_type=article_type, object_id=granted_article.pk
    )
    TranslationGrant.objects.create(user=UserFactory(), content_type=article_type)


@pytest.fixture(scope="module")
def population(demo_data_for_module, django_db_blocker):
    with django_db_blocker.unblock():
        _build_variants()
        return list(get_user_model().objects.filter(is_active=True).values_list("pk", flat=True))


def _fresh_users(ids):
    """New user objects (no cached roles or grants from an earlier ask)."""
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


def _pks(model, condition) -> set[int]:
    rows = model.objects.all() if condition is None else model.objects.filter(condition)
    return set(rows.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "forms", FORMS, ids=lambda forms: f"{forms.perm}:{forms.model._meta.model_name}"
)
def test_three_forms_of_a_rule_agree(forms, population, db):
    assert forms.perm in RULES
    objects = list(forms.model.objects.all())
    assert len(objects) >= 3, "too few objects to compare"
    users = _fresh_users(population)
    audiences = {
        obj.pk: set(users_matching(forms.audience(obj)).values_list("pk", flat=True))
        for obj in objects
    }
    disagreements = []
    for user in users:
        visible = _pks(forms.model, forms.visible_to(user))
        for obj in objects:
            check = user.has_perm(forms.perm, obj)
            listed = obj.pk in visible
            heard = user.pk in audiences[obj.pk]
            if not check == listed == heard:
                disagreements.append(
                    f"{user.email} / {forms.model.__name__} {obj.pk} ({obj}): "
                    f"has_perm={check} visible_to={listed} audience={heard}"
                )
    assert not disagreements, "\n".join(disagreements[:40])


@pytest.mark.parametrize(
    "forms",
    [forms for forms in FORMS if RULES[forms.perm].anonymous],
    ids=lambda forms: forms.perm,
)
def test_visitors_see_what_the_rule_lets_them(forms, population, db):
    """Rules asked of visitors too: their list is what the check allows."""
    visitor = AnonymousUser()
    visible = _pks(forms.model, forms.visible_to(visitor))
    for obj in forms.model.objects.all():
        assert visitor.has_perm(forms.perm, obj) == (obj.pk in visible), obj
