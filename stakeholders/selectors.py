"""Reads: what a user may see of organisations and applications.

Protected objects are fetched only through the `access_*` helpers here: a
missing object and a forbidden one answer the same 404, so nothing leaks.
"""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format

from common.authz import active_organisation_ids, roles_of

from . import rules
from .models import (
    Country,
    MembershipApplication,
    Organisation,
    Person,
    Role,
    RoleAssignment,
    StakeholderType,
    normalize_name,
)

# The people an organisation lists as its contacts: its focal point, its
# representatives and those it added without a portal account.
CONTACT_PEOPLE = Q(is_focal_point=True) | Q(is_representative=True) | Q(user__isnull=True)


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


def _contact_people():
    return (
        Person.objects.filter(CONTACT_PEOPLE)
        .select_related("user")
        .order_by("-is_focal_point", "full_name")
    )


def organisation_for_profile(*, slug: str, user, with_contacts: bool = True) -> Organisation:
    """An organisation's profile, if `user` may see it (else 404, also when
    missing): public ones for everyone, inactive ones for those who may edit them.
    `with_contacts=False`: without its contact people (`contacts_of` asks)."""
    organisations = organisations_visible_to(user).filter(slug=slug)
    if with_contacts:
        organisations = organisations.prefetch_related(
            Prefetch("people", queryset=_contact_people(), to_attr="contacts")
        )
    organisation = organisations.first()
    if organisation is None:
        raise Http404
    return organisation


def contacts_of(organisation) -> list[Person]:
    """The people who represent the organisation publicly, focal points first."""
    if hasattr(organisation, "contacts"):
        return organisation.contacts
    return list(_contact_people().filter(organisation=organisation))


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


# --- People (user accounts) and their roles ------------------------------------


def people_for(user) -> QuerySet:
    """The people (user accounts) `user` may see (`rules.people_visible_to`),
    with their organisations and their roles in force or to come."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    today = timezone.localdate()
    people = get_user_model().objects.order_by("full_name", "email")
    visible = rules.people_visible_to(user)
    if visible is not None:
        people = people.filter(visible)
    return people.prefetch_related(
        Prefetch(
            "affiliations",
            queryset=Person.objects.select_related(
                "organisation__country", "organisation__stakeholder_type"
            ).order_by("organisation__name"),
        ),
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))
            .select_related("country", "stakeholder_type")
            .order_by("role", "starts_on"),
            to_attr="current_roles",
        ),
    )


def access_person_by_id(user, pk: int):
    """The person if `user` may see them; 404 otherwise (also if missing)."""
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.filter(pk=pk).first()
    if person is None or not user.has_perm("stakeholders.view_person", person):
        raise Http404
    return person


def roles_of_person(person) -> QuerySet[RoleAssignment]:
    """Every role assignment of `person`, in force, to come or ended."""
    return (
        RoleAssignment.objects.filter(user=person)
        .select_related("country", "stakeholder_type", "assigned_by")
        .order_by("-starts_on", "role")
    )


def role_assignment_of(person, pk: int) -> RoleAssignment:
    """One of `person`'s assignments (404 if it is not theirs)."""
    assignment = roles_of_person(person).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


ROLE_HISTORY_FIELDS = ("role", "country_id", "stakeholder_type_id", "starts_on", "ends_on", "note")


def _historical_title(record) -> str:
    label = str(Role(record.role).label) if record.role in Role.values else record.role
    scope = [str(part) for part in (record.country, record.stakeholder_type) if part is not None]
    return f"{label}, {' / '.join(scope)}" if scope else label


def _date_text(value) -> str:
    from django.utils.translation import gettext

    return date_format(value, "SHORT_DATE_FORMAT") if value else gettext("no end date")


def _describe_role_change(record, previous) -> str:
    from django.utils.translation import gettext

    who = str(record.history_user) if record.history_user_id else gettext("The portal")
    title = _historical_title(record)
    if record.history_type == "+":
        text = gettext("%(who)s assigned the role “%(title)s” from %(start)s") % {
            "who": who,
            "title": title,
            "start": date_format(record.starts_on, "SHORT_DATE_FORMAT"),
        }
        if record.ends_on:
            end = date_format(record.ends_on, "SHORT_DATE_FORMAT")
            text += " " + gettext("until %(date)s") % {"date": end}
        return text + "."
    if record.history_type == "-":
        return gettext("%(who)s deleted the role “%(title)s”.") % {"who": who, "title": title}
    changed = [
        name
        for name in ROLE_HISTORY_FIELDS
        if previous is not None and getattr(previous, name) != getattr(record, name)
    ]
    if changed == ["ends_on"]:
        if record.ends_on and record.ends_on <= record.history_date.date() + datetime.timedelta(
            days=1
        ):
            return gettext("%(who)s ended the role “%(title)s” on %(date)s.") % {
                "who": who,
                "title": title,
                "date": date_format(record.ends_on, "SHORT_DATE_FORMAT"),
            }
        return gettext("%(who)s changed the end date of “%(title)s” from %(old)s to %(new)s.") % {
            "who": who,
            "title": title,
            "old": _date_text(previous.ends_on),
            "new": _date_text(record.ends_on),
        }
    return gettext("%(who)s changed the role “%(title)s”.") % {"who": who, "title": title}


def role_history(person) -> list[dict]:
    """The changes to `person`'s roles, newest first, each in plain words with
    the reason given (two queries, whatever the number of changes)."""
    records = list(
        RoleAssignment.history.filter(user_id=person.pk)
        .select_related("country", "stakeholder_type", "history_user")
        .order_by("id", "history_date", "history_id")
    )
    entries, previous = [], {}
    for record in records:
        entries.append(
            {
                "when": record.history_date,
                "text": _describe_role_change(record, previous.get(record.id)),
                "reason": record.history_change_reason or "",
            }
        )
        previous[record.id] = record
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries


ORGANISATION_HISTORY_FIELDS = (
    "name",
    "acronym",
    "website",
    "email",
    "phone",
    "address",
    "description",
    "logo",
    "status",
)
PERSON_HISTORY_FIELDS = ("full_name", "position", "email", "is_focal_point", "is_representative")


def _changed_labels(model, record, previous, fields) -> list[str]:
    if previous is None:
        return []
    return [
        str(model._meta.get_field(name).verbose_name)
        for name in fields
        if getattr(previous, name) != getattr(record, name)
    ]


def organisation_history(organisation: Organisation, limit: int = 30) -> list[dict]:
    """The changes to an organisation's profile, to the people listed as its
    contacts and to its description's translations, newest first, in plain
    words (a query for each)."""
    from django.utils.translation import gettext

    entries = []
    sources = [
        (
            Organisation,
            Organisation.history.filter(id=organisation.pk),
            ORGANISATION_HISTORY_FIELDS,
            lambda record: gettext("the profile"),
        ),
        (
            Person,
            Person.history.filter(organisation_id=organisation.pk),
            PERSON_HISTORY_FIELDS,
            lambda record: record.full_name,
        ),
    ]
    for model, records, fields, subject in sources:
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            who = str(record.history_user) if record.history_user_id else gettext("The portal")
            changed = _changed_labels(model, record, previous.get(record.id), fields)
            previous[record.id] = record
            if record.history_type == "+":
                text = gettext("%(who)s added %(what)s.") % {"who": who, "what": subject(record)}
            elif record.history_type == "-":
                text = gettext("%(who)s removed %(what)s.") % {"who": who, "what": subject(record)}
            elif changed:
                text = gettext("%(who)s changed %(fields)s of %(what)s.") % {
                    "who": who,
                    "fields": ", ".join(changed),
                    "what": subject(record),
                }
            else:
                continue  # saved without a visible change
            entries.append({"when": record.history_date, "text": text})
    from .sections import history_entries

    entries += history_entries(organisation)  # the description's translations (news)
    entries.sort(key=lambda entry: entry["when"], reverse=True)
    return entries[:limit]


def contact_people(organisation: Organisation) -> QuerySet[Person]:
    """The people listed for an organisation, as its profile form edits them."""
    return organisation.people.filter(CONTACT_PEOPLE).order_by(
        "-is_representative", "-is_focal_point", "full_name"
    )
