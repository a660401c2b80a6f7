"""An activity from proposal to accepted report, through the pages: every
transition recorded with who and when, illegal ones refused with a clear
message, scoped reviewers limited to their scope, and everyone involved told
of each decision once."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities import services
from activities.models import Activity, Report, ReportPhoto, Transition
from committee.models import ReviewRequest
from committee.selectors import review_queue
from notifications.models import EventMailDelivery
from notifications.tasks import announce_decision
from tests.factories import CountryFactory, OrganisationFactory, UserFactory
from tests.factories.activities import IndicatorTypeFactory
from tests.factories.activities_extra import (
    committee_member,
    completed,
    decide,
    pending_request,
    png_upload,
    propose,
    reported,
    representative_of,
)
from tests.factories.committee import committee_chair
from tests.factories.workinggroups import WorkingGroupFactory, add_member
from workinggroups.models import GroupRole

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def russia(db):
    return CountryFactory(code="RU")


@pytest.fixture
def china(db):
    return CountryFactory(code="CN")


@pytest.fixture
def lead(russia):
    return OrganisationFactory(name="Land of the Leopard", country=russia)


@pytest.fixture
def rep(lead):
    return representative_of(lead, UserFactory(full_name="Olga Rep"))


@pytest.fixture
def reviewer(db):
    return committee_chair(full_name="Kim Reviewer")  # records the committee's decisions


@pytest.fixture
def patrol_days(db):
    return IndicatorTypeFactory(slug="patrol-days", name="patrol days", unit="days")


def _proposal_data(lead, country, patrol_days, **extra):
    data = {
        "title": "Joint winter patrol",
        "description": "Rangers of both parks patrol the border section together.",
        "kind": "patrol",
        "action_area": "prey",
        "cooperation": "collaboration",
        "lead_organisation": lead.pk,
        "countries": [country.pk],
        "latitude": "43.1",
        "longitude": "131.4",
        "starts_on": "2026-01-10",
        "ends_on": "2026-02-20",
        f"planned_{patrol_days.slug}": "40",
    }
    data.update(extra)
    return data


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_whole_lifecycle_through_the_pages(
    client, rep, reviewer, lead, russia, patrol_days, settings
):
    """Propose → approve → start → complete → report with a photo → submit →
    accept, each step on its page, each recorded with who and when."""
    client.force_login(rep)
    response = client.post(
        reverse("activities:propose"), _proposal_data(lead, russia, patrol_days), follow=True
    )
    activity = Activity.objects.get()
    assert response.redirect_chain[-1][0] == activity.get_absolute_url()
    assert any("sent to the committee" in m for m in _messages(response))
    assert activity.status == Activity.Status.PROPOSED
    assert activity.indicators.get().planned == Decimal("40")
    proposal = pending_request(activity)
    assert proposal.kind == services.PROPOSAL_REVIEW_KIND
    assert proposal.country == russia

    # the committee approves on /review/
    client.force_login(reviewer)
    review = client.get(proposal.get_absolute_url())
    html = review.content.decode()
    assert activity.get_absolute_url() in html  # "Open what was submitted"
    assert "Approve" in html and "Decline" in html
    response = client.post(
        proposal.get_absolute_url(), {"outcome": "approve", "comment": "Good plan."}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Activity.Status.APPROVED

    # the representative starts and completes it
    client.force_login(rep)
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "Start the activity" in detail and "Mark as completed" not in detail
    client.post(reverse("activities:step", args=[activity.pk, "start"]))
    client.post(reverse("activities:step", args=[activity.pk, "complete"]))
    activity.refresh_from_db()
    assert activity.status == Activity.Status.COMPLETED
    assert "Write the report" in client.get(activity.get_absolute_url()).content.decode()

    # the report, with an achieved value, and a photo with its description
    report_url = reverse("activities:report", args=[activity.pk])
    assert client.get(report_url).status_code == 200
    response = client.post(
        report_url,
        {"narrative": "Patrolled 38 days together.", f"achieved_{patrol_days.slug}": "38"},
    )
    assert response.status_code == 302
    report = Report.objects.get(activity=activity)
    assert report.status == Report.Status.DRAFT
    assert activity.indicators.get().achieved == Decimal("38")
    response = client.post(
        reverse("activities:report_photo", args=[activity.pk]),
        {"image": png_upload(), "alt_text": "Two rangers on a snowy ridge", "caption": ""},
    )
    assert response.status_code == 302
    assert report.photos.get().alt_text == "Two rangers on a snowy ridge"
    response = client.post(reverse("activities:report_submit", args=[activity.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    report_request = pending_request(report)
    assert report_request.kind == services.REPORT_REVIEW_KIND

    # the committee accepts it on /review/, where it opens what was submitted
    client.force_login(reviewer)
    html = client.get(report_request.get_absolute_url()).content.decode()
    assert report_url in html
    assert "Accept" in html and "Send back" in html
    assert client.get(report_url).status_code == 200  # the reviewer reads the report
    client.post(report_request.get_absolute_url(), {"outcome": "approve", "comment": ""})
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED

    # every step, with who and when
    steps = [
        (t.subject, t.from_status, t.to_status, t.by_id)
        for t in Transition.objects.filter(activity=activity).order_by("at", "pk")
    ]
    assert steps == [
        ("activity", "", "proposed", rep.pk),
        ("activity", "proposed", "approved", reviewer.pk),
        ("activity", "approved", "ongoing", rep.pk),
        ("activity", "ongoing", "completed", rep.pk),
        ("report", "draft", "submitted", rep.pk),
        ("report", "submitted", "accepted", reviewer.pk),
    ]
    assert all(t.at is not None for t in Transition.objects.filter(activity=activity))
    assert Transition.objects.get(to_status="approved").comment == "Good plan."

    # visitors see the accepted report: figures, photo with its alt text, timeline
    client.logout()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Patrolled 38 days together." in page
    assert 'alt="Two rangers on a snowy ridge"' in page
    assert "Report: Accepted" in page
    assert "Olga Rep" in page and "Kim Reviewer" in page
    assert client.get(report_url).status_code == 200


@pytest.mark.parametrize(
    ("setup", "step", "message"),
    [
        ("proposed", "complete", "An activity that is “Proposed” cannot be moved to “Completed”."),
        ("proposed", "start", "An activity that is “Proposed” cannot be moved to “Ongoing”."),
        ("declined", "start", "An activity that is “Declined” cannot be moved to “Ongoing”."),
        ("approved", "complete", "An activity that is “Approved” cannot be moved to “Completed”."),
        ("completed", "start", "An activity that is “Completed” cannot be moved to “Ongoing”."),
    ],
)
def test_illegal_steps_are_refused_with_a_clear_message(
    client, rep, lead, reviewer, setup, step, message
):
    activity = propose(rep, lead)
    if setup == "declined":
        decide(activity, reviewer, "request_changes", "Not this season.")
    elif setup in ("approved", "completed"):
        decide(activity, reviewer)
        if setup == "completed":
            services.activity_start(activity=activity, by=rep)
            services.activity_complete(activity=activity, by=rep)
    before = Activity.objects.get(pk=activity.pk).status
    transitions = Transition.objects.count()
    client.force_login(rep)
    response = client.post(reverse("activities:step", args=[activity.pk, step]), follow=True)
    assert response.status_code == 200
    assert message in _messages(response)
    assert Activity.objects.get(pk=activity.pk).status == before
    assert Transition.objects.count() == transitions


def test_a_step_needs_post_and_a_known_name(client, rep, lead, reviewer):
    activity = propose(rep, lead)
    decide(activity, reviewer)
    client.force_login(rep)
    assert client.get(reverse("activities:step", args=[activity.pk, "start"])).status_code == 405
    assert client.post(f"/activities/{activity.pk}/approve/").status_code == 404
    assert client.post(f"/activities/{activity.pk}/teleport/").status_code == 404


def test_someone_else_may_not_take_a_step(client, rep, lead, reviewer):
    activity = propose(rep, lead)
    decide(activity, reviewer)
    client.force_login(UserFactory())
    response = client.post(reverse("activities:step", args=[activity.pk, "start"]))
    assert response.status_code == 403
    assert Activity.objects.get(pk=activity.pk).status == Activity.Status.APPROVED


def test_a_report_on_an_activity_not_completed_is_refused(client, rep, lead, reviewer):
    activity = propose(rep, lead)
    decide(activity, reviewer)
    services.activity_start(activity=activity, by=rep)
    client.force_login(rep)
    url = reverse("activities:report", args=[activity.pk])
    response = client.post(url, {"narrative": "Early report."})
    assert response.status_code == 400
    assert "Only a completed activity is reported on." in response.content.decode()
    assert not Report.objects.exists()
    response = client.get(url, follow=True)
    assert "Only a completed activity is reported on: complete it first." in _messages(response)
    with pytest.raises(services.ValidationError, match="Only a completed activity"):
        services.report_save(activity=activity, by=rep, narrative="x", achieved={})


def test_a_report_without_every_achieved_value_is_not_sent(client, rep, lead, reviewer):
    report = reported(rep, lead, reviewer, submit=False)
    activity = report.activity
    activity.indicators.update(achieved=None)
    client.force_login(rep)
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "Send the report to the committee" not in detail  # not offered while incomplete
    response = client.post(reverse("activities:report_submit", args=[activity.pk]), follow=True)
    assert "Give the achieved value of every indicator first." in _messages(response)
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT
    assert not ReviewRequest.objects.filter(kind=services.REPORT_REVIEW_KIND).exists()


def test_submitting_a_report_that_was_never_written_is_refused(client, rep, lead, reviewer):
    activity = completed(rep, lead, reviewer)
    client.force_login(rep)
    response = client.post(reverse("activities:report_submit", args=[activity.pk]), follow=True)
    assert "Write the report before sending it to the committee." in _messages(response)


def test_a_report_with_the_committee_does_not_change(client, rep, lead, reviewer):
    report = reported(rep, lead, reviewer)
    activity = report.activity
    client.force_login(rep)
    url = reverse("activities:report", args=[activity.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Save the report" not in page.content  # read only now
    response = client.post(url, {"narrative": "Changed."}, follow=True)
    assert "The report is with the committee; it cannot change now." in _messages(response)
    report.refresh_from_db()
    assert report.narrative == "Done together."
    response = client.post(
        reverse("activities:report_photo", args=[activity.pk]),
        {"image": png_upload(), "alt_text": "Late photo"},
        follow=True,
    )
    assert not ReportPhoto.objects.exists()


def test_a_photo_cannot_be_added_to_a_report_with_the_committee_even_by_the_service(
    rep, lead, reviewer
):
    report = reported(rep, lead, reviewer)
    with pytest.raises(services.ValidationError):
        services.report_add_photo(report=report, by=rep, image=png_upload(), alt_text="Late")
    assert not ReportPhoto.objects.exists()


def test_a_report_sent_back_is_changed_and_sent_again(client, rep, lead, reviewer):
    report = reported(rep, lead, reviewer)
    decide(report, reviewer, "request_changes", "Add the snare map.")
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED
    activity = report.activity
    client.force_login(rep)
    detail = client.get(activity.get_absolute_url()).content.decode()
    assert "Add the snare map." in detail  # the comment, for those involved
    url = reverse("activities:report", args=[activity.pk])
    achieved = {
        f"achieved_{i.indicator_type.slug}": str(i.achieved) for i in activity.indicators.all()
    }
    client.post(url, {"narrative": "Done together; snare map attached.", **achieved})
    client.post(reverse("activities:report_submit", args=[activity.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert pending_request(report).kind == services.REPORT_REVIEW_KIND
    client.logout()
    public = client.get(activity.get_absolute_url()).content.decode()
    assert "Add the snare map." not in public  # not for visitors
    assert "Done together" not in public  # nor the report before it is accepted


def test_scoped_committee_member_sees_only_their_country_and_decides_nothing_alone(
    client, rep, lead, russia, china
):
    """A committee member scoped to the Russian Federation reviews only
    Russian-led submissions; another country's is neither listed nor shown.
    The committee decides together: alone, they decide neither."""
    chinese = OrganisationFactory(name="Hunchun Nature Reserve", country=china)
    chinese_rep = representative_of(chinese)
    russian_activity = propose(rep, lead, title="Russian-led patrol")
    chinese_activity = propose(chinese_rep, chinese, title="Chinese-led patrol")
    scoped = committee_member(country=russia)
    queue = review_queue(scoped)
    assert [r.title for r in queue] == ["Russian-led patrol"]
    assert scoped.has_perm("committee.view_review", pending_request(russian_activity))
    assert not fresh(scoped).has_perm("committee.view_review", pending_request(chinese_activity))
    for activity in (russian_activity, chinese_activity):
        assert not fresh(scoped).has_perm("committee.decide_review", pending_request(activity))

    client.force_login(scoped)
    assert client.get(pending_request(chinese_activity).get_absolute_url()).status_code == 404
    response = client.post(
        pending_request(chinese_activity).get_absolute_url(), {"outcome": "approve"}
    )
    assert response.status_code == 404
    assert Activity.objects.get(pk=chinese_activity.pk).status == Activity.Status.PROPOSED
    response = client.post(
        pending_request(russian_activity).get_absolute_url(), {"outcome": "approve"}
    )
    assert response.status_code == 403
    assert Activity.objects.get(pk=russian_activity.pk).status == Activity.Status.PROPOSED
    # the queue page lists only what is theirs
    page = client.get(reverse("committee:queue")).content.decode()
    assert "Chinese-led patrol" not in page and "Russian-led patrol" in page


def test_nobody_reviews_their_own_proposal(rep, lead):
    activity = propose(rep, lead)
    from common.authz import forget_cached_permissions
    from stakeholders.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=rep, role=Role.COMMITTEE)
    forget_cached_permissions(rep)
    assert not rep.has_perm("committee.decide_review", pending_request(activity))
    assert list(review_queue(rep)) == []


@pytest.mark.django_db(transaction=True)
def test_everyone_involved_is_told_of_each_decision_once(russia):
    """The proposer, the representatives of the organisations and the group's
    leads hear of each decision; a second run of the task sends nothing."""
    lead_org = OrganisationFactory(name="Land of the Leopard", country=russia)
    partner = OrganisationFactory(name="WWF", country=russia)
    group = WorkingGroupFactory(name="Anti-poaching coordination")
    group_lead = add_member(group, GroupRole.LEAD).user
    member = add_member(group, GroupRole.MEMBER).user  # proposes for the group
    lead_rep = representative_of(lead_org)
    partner_rep = representative_of(partner)
    reviewer = committee_chair()
    activity = services.activity_propose(
        by=member,
        fields={
            "title": "Joint patrol",
            "description": "Together.",
            "kind": "patrol",
            "action_area": "prey",
            "cooperation": "collaboration",
            "lead_organisation": lead_org,
            "group": group,
            "latitude": None,
            "longitude": None,
            "location_sensitive": False,
            "starts_on": "2026-01-01",
            "ends_on": "2026-01-31",
        },
        countries=[russia],
        organisations=[partner],
        planned={},
    )
    mail.outbox.clear()
    decision = decide(activity, reviewer, "approve", "Go ahead.")
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([member.email, lead_rep.email, partner_rep.email, group_lead.email])
    assert all("Go ahead." in m.body for m in mail.outbox)
    assert all(activity.get_absolute_url() in m.body for m in mail.outbox)
    announce_decision.apply(args=[decision.pk])  # a second run sends nothing
    assert len(mail.outbox) == 4
    assert EventMailDelivery.objects.filter(key=f"decision:{decision.pk}").count() == 4

    services.activity_start(activity=activity, by=member)
    activity = services.activity_complete(activity=activity, by=member)
    services.report_save(activity=activity, by=member, narrative="Done.", achieved={})
    services.report_submit(activity=activity, by=member)
    mail.outbox.clear()
    decision = decide(Report.objects.get(activity=activity), reviewer, "request_changes", "Map?")
    assert len(mail.outbox) == 4
    assert all("Map?" in m.body for m in mail.outbox)
    announce_decision.apply(args=[decision.pk])
    assert len(mail.outbox) == 4


def test_the_detail_page_shows_a_sensitive_point_only_generalised_to_visitors(
    client, rep, lead, reviewer
):
    activity = propose(
        rep,
        lead,
        latitude=Decimal("43.52137"),
        longitude=Decimal("130.84412"),
        location_sensitive=True,
    )
    decide(activity, reviewer)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "43.52137" not in page and "130.84412" not in page
    assert "43.55" in page and "130.85" in page  # the centre of its 0.1° cell
    assert "generalised to about 10 km" in page
    client.force_login(rep)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "43.52137" in page and "130.84412" in page
    assert "you see the exact point" in page


def test_visitors_see_approved_activities_but_not_proposals(client, rep, lead, reviewer):
    proposal = propose(rep, lead, title="Still a proposal")
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(proposal.get_absolute_url()).status_code == 404
    client.force_login(reviewer)
    assert client.get(proposal.get_absolute_url()).status_code == 200
    decide(proposal, reviewer)
    client.logout()
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200
    assert b"Edit the activity" not in page.content


def test_the_detail_page_links_the_committee_and_the_proposer_to_the_review(
    client, rep, lead, reviewer
):
    activity = propose(rep, lead)
    client.force_login(reviewer)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert pending_request(activity).get_absolute_url() in page
    # the proposer follows their submission there (the comments addressed to
    # them), without deciding or taking a position
    client.force_login(rep)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert pending_request(activity).get_absolute_url() in page
    review = client.get(pending_request(activity).get_absolute_url())
    assert review.status_code == 200
    assert "Record the decision" not in review.content.decode()
    assert "Record my position" not in review.content.decode()
    client.force_login(UserFactory())
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "/review/" not in page


def test_evidence_is_uploaded_to_the_library_and_shown_to_those_who_may_see_it(
    client, rep, lead, reviewer
):
    from documents.models import Document
    from tests.factories.documents import DocumentFactory, pdf_bytes, upload

    activity = completed(rep, lead, reviewer)
    public_doc = DocumentFactory(title="Patrol routes (public)", access="public")
    client.force_login(rep)
    achieved = {f"achieved_{i.indicator_type.slug}": "90" for i in activity.indicators.all()}
    response = client.post(
        reverse("activities:report", args=[activity.pk]),
        {
            "narrative": "Swept 40 km.",
            **achieved,
            "evidence": [public_doc.pk],
            "evidence_file": upload("snare-map.pdf", pdf_bytes("Snare map")),
            "evidence_title": "Snare map, winter 2026",
            "evidence_language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    uploaded = Document.objects.get(title="Snare map, winter 2026")
    assert uploaded.access == Document.Access.MEMBERS
    assert uploaded.uploaded_by == rep
    report = Report.objects.get(activity=activity)
    assert set(report.evidence.all()) == {public_doc, uploaded}
    services.report_submit(activity=activity, by=rep)
    decide(report, reviewer)
    client.logout()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Patrol routes (public)" in page
    assert "Snare map, winter 2026" not in page  # members only
    client.force_login(rep)
    assert "Snare map, winter 2026" in client.get(activity.get_absolute_url()).content.decode()


def test_a_bad_evidence_file_is_a_field_error_and_nothing_is_saved(client, rep, lead, reviewer):
    activity = completed(rep, lead, reviewer)
    client.force_login(rep)
    response = client.post(
        reverse("activities:report", args=[activity.pk]),
        {
            "narrative": "Swept 40 km.",
            "evidence_file": SimpleUploadedFile("map.pdf", b"MZ\x90\x00 not a pdf"),
            "evidence_title": "Map",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["evidence_file"]
    assert not Report.objects.exists()


def test_evidence_the_editor_may_not_see_stays_attached(client, rep, lead, reviewer):
    from tests.factories.documents import DocumentFactory

    group = WorkingGroupFactory(name="Camera trapping")
    activity = completed(rep, lead, reviewer)
    report = services.report_save(activity=activity, by=rep, narrative="Done.", achieved={})
    private = DocumentFactory(title="Group-only camera data", access="group", group=group)
    report.evidence.add(private)
    client.force_login(rep)  # not in the group: does not see the document
    page = client.get(reverse("activities:report", args=[activity.pk])).content.decode()
    assert "Group-only camera data" not in page
    achieved = {f"achieved_{i.indicator_type.slug}": "1" for i in activity.indicators.all()}
    client.post(
        reverse("activities:report", args=[activity.pk]), {"narrative": "Done.", **achieved}
    )
    assert list(report.evidence.all()) == [private]
