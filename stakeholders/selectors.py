"""Reads: what a user may see of organisations and applications.

Protected objects are fetched only through the `access_*` helpers here: a
missing object and a forbidden one answer the same 404, so nothing leaks.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from common.authz import active_organisation_ids, roles_of

from . import rules
from .models import (
    Country,
    MembershipApplication,
    Organisation,
    Person,
    StakeholderType,
    normalize_name,
)


def directory_organisations() -> QuerySet[Organisation]:
    """Active organisations, with what a directory row shows."""
    return Organisation.objects.filter(status=Organisation.Status.ACTIVE).select_related(
        "country", "stakeholder_type"
    )


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """The organisations whose profile `user` may open: active ones for
    everyone (the directory); inactive ones too for those who may edit them
    (the `stakeholders.change_organisation` rule, `rules.editable_by`): the
    secretariat, a focal point within their scope, representatives with the
    per-object grant. One rule for the profile page, search and every other
    list of profiles."""
    public = directory_organisations()
    if not user.is_authenticated or not user.is_active:
        return public
    everything = Organisation.objects.select_related("country", "stakeholder_type")
    editable = rules.editable_by(user)
    if editable is None:
        return everything
    return everything.filter(Q(status=Organisation.Status.ACTIVE) | editable)


def organisation_for_profile(*, slug: str, user) -> Organisation:
    """An organisation's profile, if `user` may see it (else 404, also when
    missing): public ones for everyone, inactive ones for those who may edit them."""
    organisation = (
        organisations_visible_to(user)
        .prefetch_related(
            Prefetch(
                "people",
                queryset=Person.objects.filter(Q(is_focal_point=True) | Q(is_representative=True))
                .select_related("user")
                .order_by("-is_focal_point", "full_name"),
                to_attr="contacts",
            )
        )
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


def likely_duplicate_organisation(name: str, *, exclude_pk=None) -> Organisation | None:
    """An existing organisation whose name differs only by case, spacing or punctuation."""
    key = normalize_name(name)
    if not key:
        return None
    queryset = Organisation.objects.filter(normalized_name=key)
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def applications_for_reviewer(user) -> QuerySet[MembershipApplication]:
    """Applications the user may decide: all for the secretariat, their scope for
    a focal point; never their own (`rules.decidable_by`)."""
    return MembershipApplication.objects.select_related(
        "applicant", "country", "stakeholder_type", "organisation", "decided_by"
    ).filter(rules.decidable_by(user))


def applications_of(user) -> QuerySet[MembershipApplication]:
    return MembershipApplication.objects.filter(applicant=user).select_related(
        "country", "stakeholder_type", "organisation"
    )


def access_application_by_id(user, pk: int) -> MembershipApplication:
    """The application if the user may see it; 404 otherwise (also if missing)."""
    application = (
        MembershipApplication.objects.select_related(
            "applicant", "country", "stakeholder_type", "organisation", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None or not user.has_perm("stakeholders.view_application", application):
        raise Http404
    return application


def rounds_of(application: MembershipApplication) -> list:
    """The dialogue on an application, oldest round first (1 query)."""
    return list(application.rounds.select_related("asked_by").order_by("number"))


def organisations_represented_by(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        people__user=user, people__is_representative=True
    ).select_related("country", "stakeholder_type")


def filter_choices():
    """Countries and stakeholder types for filter forms."""
    return Country.objects.all(), StakeholderType.objects.all()


def is_partner(user) -> bool:
    """Works for an active member organisation, or holds a partnership role:
    may see members-only content."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(roles_of(user).assignments or active_organisation_ids(user))


def affiliations_of(user) -> QuerySet[Person]:
    """The active organisations a user works for (for forms that act for one)."""
    return Person.objects.filter(
        user=user, organisation__status=Organisation.Status.ACTIVE
    ).select_related("organisation")
