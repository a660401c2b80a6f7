"""More for the activity lifecycle tests: the people around an activity,
small real images, and an activity taken through the services to a stage."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import factory
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities import services
from activities.models import Activity, InformationCentre, Report
from committee.models import ReviewRequest
from committee.services import review_decide
from common.vocabulary import ActionArea
from stakeholders.models import Role
from stakeholders.services import person_make_representative

from . import CountryFactory, OrganisationFactory, RoleAssignmentFactory, UserFactory
from .activities import IndicatorTypeFactory


class InformationCentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationCentre

    slug = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.Sequence(lambda n: f"Information centre {n}")
    host = factory.SubFactory(OrganisationFactory)
    country = factory.SelfAttribute("host.country")
    description = "Collects and shares monitoring information across the border."


def representative_of(organisation, user=None):
    """A user who represents `organisation` (with the per-object grant)."""
    user = user or UserFactory()
    person_make_representative(organisation=organisation, user=user, position="Director")
    return user


def committee_member(country=None, stakeholder_type=None, **user_fields):
    return RoleAssignmentFactory(
        role=Role.COMMITTEE,
        country=country,
        stakeholder_type=stakeholder_type,
        user=UserFactory(**user_fields),
    ).user


def secretariat_user():
    return RoleAssignmentFactory(role=Role.SECRETARIAT, country=None).user


def png_bytes(size=(8, 6), colour=(138, 59, 0)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="patrol.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def proposal_fields(lead, **overrides) -> dict:
    fields = {
        "title": "Joint snare sweep along the border",
        "description": "Teams from both sides remove wire snares.",
        "kind": Activity.Kind.SNARE_REMOVAL,
        "action_area": ActionArea.PREY,
        "cooperation": Activity.Cooperation.COLLABORATION,
        "lead_organisation": lead,
        "group": None,
        "latitude": Decimal("43.10000"),
        "longitude": Decimal("131.40000"),
        "location_sensitive": False,
        "starts_on": datetime.date(2026, 1, 10),
        "ends_on": datetime.date(2026, 2, 20),
    }
    fields.update(overrides)
    return fields


def propose(by, lead, *, countries=None, planned=None, **overrides) -> Activity:
    """A proposal made through the service (transition and review request)."""
    if planned is None:
        planned = {IndicatorTypeFactory(slug="snares-removed", unit="snares"): Decimal("100")}
    return services.activity_propose(
        by=by,
        fields=proposal_fields(lead, **overrides),
        countries=countries or [lead.country],
        planned=planned,
    )


def pending_request(subject) -> ReviewRequest:
    return ReviewRequest.objects.get(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        status=ReviewRequest.Status.PENDING,
    )


def decide(subject, reviewer, outcome="approve", comment=""):
    return review_decide(
        request=pending_request(subject), reviewer=reviewer, outcome=outcome, comment=comment
    )


def completed(by, lead, reviewer, **kwargs) -> Activity:
    """A proposal approved by `reviewer`, started and completed by `by`."""
    activity = propose(by, lead, **kwargs)
    decide(activity, reviewer)
    services.activity_start(activity=activity, by=by)
    return services.activity_complete(activity=activity, by=by)


def reported(by, lead, reviewer, *, submit=True, **kwargs) -> Report:
    """A completed activity whose report (every indicator achieved) is
    saved and, with `submit`, sent to the committee."""
    activity = completed(by, lead, reviewer, **kwargs)
    achieved = {indicator.pk: indicator.planned for indicator in activity.indicators.all()}
    report = services.report_save(
        activity=activity, by=by, narrative="Done together.", achieved=achieved
    )
    if submit:
        report = services.report_submit(activity=activity, by=by)
    return report


__all__ = [
    "CountryFactory",
    "InformationCentreFactory",
    "committee_member",
    "completed",
    "decide",
    "pending_request",
    "png_upload",
    "propose",
    "reported",
    "representative_of",
    "secretariat_user",
]
