"""Factories for population estimates, patrol summaries and centre staff."""

import datetime
from decimal import Decimal

import factory

from monitoring.models import Method, PatrolSummary, PopulationEstimate, Species
from stakeholders.models import Role

from . import CountryFactory, RoleAssignmentFactory, UserFactory
from .activities import ProtectedAreaFactory
from .activities_extra import InformationCentreFactory


class PopulationEstimateFactory(factory.django.DjangoModelFactory):
    """A country-wide count of Amur tigers in China, a distinct year each time."""

    class Meta:
        model = PopulationEstimate

    centre = factory.SubFactory(InformationCentreFactory)
    species = Species.AMUR_TIGER
    country = factory.SubFactory(CountryFactory, code="CN")
    year = factory.Sequence(lambda n: 1901 + n % 199)
    region = ""
    estimate = Decimal("27")
    method = Method.CAMERA_TRAPPING
    source = "Xinhua, 19 December 2025"


class PatrolSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatrolSummary

    centre = factory.SubFactory(InformationCentreFactory)
    protected_area = factory.SubFactory(ProtectedAreaFactory)
    period_start = factory.Sequence(lambda n: datetime.date(2000 + n % 90, 1, 1))
    period_end = factory.LazyAttribute(lambda o: o.period_start.replace(month=12, day=31))
    patrol_days = 100
    km_patrolled = Decimal("1000.5")
    snares_removed = 12
    violations_recorded = 3
    camera_traps = 20
    source = "SMART export"


def centre_staff(centre, user=None):
    """A user holding the centre-staff role for the centre's country."""
    user = user or UserFactory()
    RoleAssignmentFactory(user=user, role=Role.CENTRE_STAFF, country=centre.country)
    return user


def secretariat(user=None):
    user = user or UserFactory()
    RoleAssignmentFactory(user=user, role=Role.SECRETARIAT, country=None)
    return user
