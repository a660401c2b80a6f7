"""Factories for protected areas, activities, indicators and reports."""

import datetime
from decimal import Decimal

import factory

from activities.models import (
    Activity,
    CrossBorderPair,
    Indicator,
    IndicatorType,
    ProtectedArea,
    Report,
)
from common.vocabulary import ActionArea

from . import CountryFactory, OrganisationFactory, UserFactory


class ProtectedAreaFactory(factory.django.DjangoModelFactory):
    """A nature reserve in China near the Jilin–Primorye border."""

    class Meta:
        model = ProtectedArea

    slug = factory.Sequence(lambda n: f"protected-area-{n}")
    name = factory.Sequence(lambda n: f"Protected area {n}")
    country = factory.SubFactory(CountryFactory, code="CN")
    designation = ProtectedArea.Designation.NATURE_RESERVE
    latitude = Decimal("43.50000")
    longitude = Decimal("130.80000")


class CrossBorderPairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrossBorderPair

    first = factory.SubFactory(ProtectedAreaFactory, country__code="CN")
    second = factory.SubFactory(
        ProtectedAreaFactory,
        country__code="RU",
        latitude=Decimal("43.10000"),
        longitude=Decimal("131.40000"),
    )
    name = factory.LazyAttribute(lambda o: f"{o.first.name} – {o.second.name}")


class IndicatorTypeFactory(factory.django.DjangoModelFactory):
    """`IndicatorTypeFactory(slug="patrol-days")` gets or creates the type."""

    class Meta:
        model = IndicatorType
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())
    unit = "days"
    sort_order = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    """An approved joint patrol in 2024, led by a Chinese organisation, in China.

    `countries=[...]` (Country objects or codes), `organisations=[...]` and
    `protected_areas=[...]` set the many-to-many fields; without `countries`
    the lead organisation's country is used."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Joint patrol {n}")
    description = "Joint anti-poaching patrol along the border."
    kind = Activity.Kind.PATROL
    action_area = ActionArea.PREY
    cooperation = Activity.Cooperation.COLLABORATION
    lead_organisation = factory.SubFactory(OrganisationFactory)
    status = Activity.Status.APPROVED
    starts_on = datetime.date(2024, 3, 1)
    ends_on = datetime.date(2024, 3, 31)
    latitude = Decimal("43.40000")
    longitude = Decimal("130.90000")
    location_sensitive = False
    proposed_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            obj.countries.set([obj.lead_organisation.country])
            return
        obj.countries.set([CountryFactory(code=c) if isinstance(c, str) else c for c in extracted])

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisations.set(extracted)

    @factory.post_generation
    def protected_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.protected_areas.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    indicator_type = factory.SubFactory(IndicatorTypeFactory, slug="patrol-days")
    planned = Decimal("10")
    achieved = None


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    activity = factory.SubFactory(ActivityFactory, status=Activity.Status.COMPLETED)
    narrative = "Patrolled the border section together."
    status = Report.Status.DRAFT
