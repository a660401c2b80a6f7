"""Factories for the portal's models (factory-boy)."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from stakeholders.models import (
    Country,
    MembershipApplication,
    Organisation,
    Person,
    Role,
    RoleAssignment,
    StakeholderType,
)

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["code"]

    code = factory.Iterator(["CN", "RU", "KR", "JP", "MN", "KP", "INT"])
    name = factory.LazyAttribute(
        lambda o: {
            "CN": "China",
            "RU": "Russian Federation",
            "KR": "Republic of Korea",
            "JP": "Japan",
            "MN": "Mongolia",
            "KP": "DPRK",
            "INT": "International",
        }[o.code]
    )


class StakeholderTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderType
        django_get_or_create = ["slug"]

    slug = "protected-area"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    country = factory.SubFactory(CountryFactory, code="CN")
    stakeholder_type = factory.SubFactory(StakeholderTypeFactory)
    status = Organisation.Status.ACTIVE
    joined_on = datetime.date(2020, 1, 1)
    description = factory.Faker("paragraph")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Faker("name")
    position = "Ranger"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipApplication

    applicant = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Applicant organisation {n}")
    country = factory.SubFactory(CountryFactory, code="CN")
    stakeholder_type = factory.SubFactory(StakeholderTypeFactory)
    applicant_position = "Director"
    motivation = "We patrol the border forests and want to work together."


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.FOCAL_POINT
    country = factory.SubFactory(CountryFactory, code="CN")
