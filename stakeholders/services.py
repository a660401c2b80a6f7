"""Writes: joining the partnership, deciding applications, editing
organisations and assigning roles.

Every web form, admin action and (later) API call goes through these
functions, so each rule lives in one place. Notifications are queued only
once the transaction commits.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from common.authz import forget_cached_permissions
from common.events import publish

from .models import (
    ApplicationRound,
    Country,
    MembershipApplication,
    Organisation,
    Person,
    Role,
    RoleAssignment,
    StakeholderType,
)
from .selectors import likely_duplicate_organisation

logger = logging.getLogger(__name__)

REPRESENTATIVE_PERMISSION = "stakeholders.change_organisation"


def duplicate_message(existing: Organisation) -> str:
    return _(
        "“%(name)s” looks like an organisation that is already registered: %(existing)s. "
        "If it is the same, choose it from the list of existing organisations instead."
    ) % {"name": existing.name, "existing": existing}


# Addresses under /members/ that an organisation's slug must not take.
RESERVED_SLUGS = frozenset({"apply", "applications", "directory-csv", "edit"})


def unique_organisation_slug(name: str, acronym: str = "") -> str:
    base = slugify(name)[:100] or slugify(acronym)[:100] or "organisation"
    slug, counter = base, 2
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


# --- Applications ------------------------------------------------------------


@transaction.atomic
def application_submit(
    *,
    applicant,
    applicant_position: str,
    motivation: str,
    organisation: Organisation | None = None,
    name: str = "",
    acronym: str = "",
    country: Country | None = None,
    stakeholder_type: StakeholderType | None = None,
    website: str = "",
    description: str = "",
) -> MembershipApplication:
    """Apply to join, for an existing organisation or a new one."""
    if organisation is not None:
        if organisation.status == Organisation.Status.WITHDRAWN:
            raise ValidationError(
                _("%(org)s has withdrawn from the partnership; contact the secretariat.")
                % {"org": organisation}
            )
        if organisation.people.filter(user=applicant, is_representative=True).exists():
            raise ValidationError(_("You already represent %(org)s.") % {"org": organisation})
        name, acronym = organisation.name, organisation.acronym
        country, stakeholder_type = organisation.country, organisation.stakeholder_type
        website, description = organisation.website, organisation.description
    else:
        existing = likely_duplicate_organisation(name)
        if existing is not None:
            raise ValidationError({"name": duplicate_message(existing)})
    application = MembershipApplication(
        applicant=applicant,
        organisation=organisation,
        name=name.strip(),
        acronym=acronym.strip(),
        country=country,
        stakeholder_type=stakeholder_type,
        website=website,
        description=description,
        applicant_position=applicant_position.strip(),
        motivation=motivation.strip(),
    )
    application.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            _("You already have an application for this organisation awaiting a decision.")
        ) from None
    publish("application.submitted", application)  # those who decide it hear of it on commit
    return application


def _lock_pending(
    application: MembershipApplication, decided_by, *, also=()
) -> MembershipApplication:
    """The application, locked, if `decided_by` may decide it and it is
    pending (or in one of the statuses `also`)."""
    if application.applicant_id == decided_by.pk:
        raise PermissionDenied(_("Nobody may decide their own application."))
    if not decided_by.has_perm("stakeholders.decide_application", application):
        raise PermissionDenied(_("You may not decide this application."))
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if locked.applicant_id == decided_by.pk:
        raise PermissionDenied(_("Nobody may decide their own application."))
    if locked.status == MembershipApplication.Status.MORE_INFO and locked.status not in also:
        raise ValidationError(
            _("The applicant has not answered the question yet; decide once they resubmit.")
        )
    if locked.status != MembershipApplication.Status.PENDING and locked.status not in also:
        raise ValidationError(
            _("This application was already decided (%(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def application_approve(*, application: MembershipApplication, decided_by) -> Organisation:
    """Approve: create or activate the organisation and make the applicant its
    representative; the applicant is emailed once the decision is saved."""
    application = _lock_pending(application, decided_by)
    today = timezone.localdate()
    organisation = application.organisation
    if organisation is None:
        existing = likely_duplicate_organisation(application.name)
        if existing is not None:
            raise ValidationError(duplicate_message(existing))
        organisation = Organisation(
            slug=unique_organisation_slug(application.name, application.acronym),
            name=application.name,
            acronym=application.acronym,
            country=application.country,
            stakeholder_type=application.stakeholder_type,
            website=application.website,
            description=application.description,
            status=Organisation.Status.ACTIVE,
            joined_on=today,
        )
        organisation.full_clean()
        organisation.save()
    elif organisation.status != Organisation.Status.ACTIVE:
        organisation.status = Organisation.Status.ACTIVE
        organisation.joined_on = organisation.joined_on or today
        organisation.save(update_fields=["status", "joined_on", "updated_at"])

    person_make_representative(
        organisation=organisation,
        user=application.applicant,
        position=application.applicant_position,
    )
    application.organisation = organisation
    application.status = MembershipApplication.Status.APPROVED
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.save(update_fields=["organisation", "status", "decided_by", "decided_at"])
    publish("application.decided", application)  # the applicant is emailed on commit
    return organisation


@transaction.atomic
def application_reject(*, application: MembershipApplication, decided_by, reason: str) -> None:
    """Reject with a reason the applicant will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the applicant a reason for the rejection.")})
    if len(reason) > 3000:
        raise ValidationError({"reason": _("Keep the reason under 3000 characters.")})
    # An application whose applicant never answers may still be rejected:
    # the open question is closed with it.
    application = _lock_pending(
        application, decided_by, also=(MembershipApplication.Status.MORE_INFO,)
    )
    application.status = MembershipApplication.Status.REJECTED
    application.decided_by = decided_by
    application.decided_at = timezone.now()
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    publish("application.decided", application)  # the applicant is emailed on commit


# The fields an applicant may change on resubmitting: all they wrote for a new
# organisation; for an existing one its profile is not theirs to change here.
APPLICANT_FIELDS = ("applicant_position", "motivation")
NEW_ORGANISATION_FIELDS = (
    "name",
    "acronym",
    "country",
    "stakeholder_type",
    "website",
    "description",
)


def resubmittable_fields(application: MembershipApplication) -> tuple[str, ...]:
    if application.organisation_id is None:
        return NEW_ORGANISATION_FIELDS + APPLICANT_FIELDS
    return APPLICANT_FIELDS


@transaction.atomic
def application_request_information(
    *, application: MembershipApplication, asked_by, question: str
) -> ApplicationRound:
    """Ask the applicant for more information instead of deciding: the
    application waits for their answer ("more information requested"), the
    applicant is emailed the question on commit. Whoever may decide may ask."""
    application = _lock_pending(application, asked_by)
    last = application.rounds.order_by("-number").values_list("number", flat=True).first()
    round_ = ApplicationRound(
        application=application,
        number=(last or 0) + 1,
        question=(question or "").strip(),
        asked_by=asked_by,
    )
    round_.full_clean(exclude=["application"], validate_constraints=False)
    round_.save()
    application.status = MembershipApplication.Status.MORE_INFO
    application.save(update_fields=["status"])
    publish("application.info_requested", round_)  # the applicant hears of it on commit
    return round_


def _display(application: MembershipApplication, name: str) -> str:
    value = getattr(application, name)
    return "" if value is None else str(value)


@transaction.atomic
def application_resubmit(
    *, application: MembershipApplication, by, answer: str, fields: dict
) -> ApplicationRound:
    """The applicant answers the open question and may change what they
    wrote (`fields`, among `resubmittable_fields`); the application waits
    for a decision again and those who decide it are told on commit."""
    if application.applicant_id != by.pk:
        raise PermissionDenied(_("Only the applicant may answer for this application."))
    application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != MembershipApplication.Status.MORE_INFO:
        raise ValidationError(
            _("Nobody asked for more information on this application; there is nothing to answer.")
        )
    allowed = resubmittable_fields(application)
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("These details cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    round_ = application.rounds.select_for_update().get(answered_at__isnull=True)
    changes = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        before = _display(application, name)
        setattr(application, name, value)
        after = _display(application, name)
        if before != after:
            changes[name] = [before, after]
    if "name" in changes:
        existing = likely_duplicate_organisation(application.name)
        if existing is not None:
            raise ValidationError({"name": duplicate_message(existing)})
    application.full_clean(validate_constraints=False)
    round_.answer = (answer or "").strip()
    round_.answered_at = timezone.now()
    round_.changes = changes
    round_.full_clean(exclude=["application", "asked_by"])
    application.status = MembershipApplication.Status.PENDING
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise ValidationError(
            {
                "name": _(
                    "You already have an application for this organisation awaiting a decision."
                )
            }
        ) from None
    round_.save(update_fields=["answer", "answered_at", "changes"])
    publish("application.resubmitted", round_)  # the deciders hear of it on commit
    return round_


def applications_decide_many(
    *, applications, decided_by, approve: bool, reason: str = ""
) -> tuple[int, list[str]]:
    """Bulk decision (the admin action): each one on its own, errors collected."""
    done, errors = 0, []
    for application in applications:
        try:
            if approve:
                application_approve(application=application, decided_by=decided_by)
            else:
                application_reject(application=application, decided_by=decided_by, reason=reason)
            done += 1
        except (PermissionDenied, ValidationError) as error:
            message = "; ".join(getattr(error, "messages", [str(error)]))
            errors.append(f"{application.name}: {message}")
    return done, errors


def application_applicant_notified(*, application_id: int) -> None:
    """Record when the applicant was emailed the decision (shown in the admin;
    the send itself is made once by notifications' claim)."""
    MembershipApplication.objects.filter(
        pk=application_id, applicant_notified_at__isnull=True
    ).update(applicant_notified_at=timezone.now())


# --- People and organisations ----------------------------------------------


def person_make_representative(*, organisation: Organisation, user, position: str = "") -> Person:
    person, created = Person.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={
            "full_name": user.full_name or user.email,
            "email": user.email,
            "position": position,
            "is_representative": True,
        },
    )
    if not created and not person.is_representative:
        person.is_representative = True
        person.position = position or person.position
        person.save(update_fields=["is_representative", "position"])
    assign_perm(REPRESENTATIVE_PERMISSION, user, organisation)
    forget_cached_permissions(user)
    return person


def person_sync_grants(*, person: Person) -> None:
    """Keep the representative's object grant in step with the flag."""
    from guardian.shortcuts import remove_perm

    if person.user_id is None:
        return
    if person.is_representative:
        assign_perm(REPRESENTATIVE_PERMISSION, person.user, person.organisation)
    elif not Person.objects.filter(
        organisation=person.organisation, user=person.user, is_representative=True
    ).exists():
        remove_perm(REPRESENTATIVE_PERMISSION, person.user, person.organisation)
    forget_cached_permissions(person.user)


def organisation_update(*, organisation: Organisation, by, fields: dict) -> Organisation:
    """Edit a profile; the caller has checked `change_organisation` on it."""
    if not by.has_perm("stakeholders.change_organisation", organisation):
        raise PermissionDenied
    if "name" in fields:
        existing = likely_duplicate_organisation(fields["name"], exclude_pk=organisation.pk)
        if existing is not None:
            raise ValidationError({"name": duplicate_message(existing)})
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=[*fields, "updated_at"])
    return organisation


CONTACT_FIELDS = ("full_name", "position", "email", "is_focal_point")


@transaction.atomic
def organisation_contacts_update(
    *,
    organisation: Organisation,
    by,
    changed: list[tuple[Person | None, dict]],
    removed: list[Person] = (),
) -> None:
    """Add, change and remove the people listed as an organisation's contacts
    (with their function); each change lands in the person's history. People
    with a portal account are removed by the secretariat only (their access
    must end with them)."""
    if not by.has_perm("stakeholders.change_organisation", organisation):
        raise PermissionDenied
    for person, fields in changed:
        unknown = set(fields) - set(CONTACT_FIELDS)
        if unknown:
            raise ValueError(f"not a contact field: {sorted(unknown)}")
        if person is None:
            person = Person(organisation=organisation)
        elif person.organisation_id != organisation.pk:
            raise PermissionDenied
        for name, value in fields.items():
            setattr(person, name, value.strip() if isinstance(value, str) else value)
        person.full_clean()
        person._change_reason = _("edited on the organisation's profile")[:100]
        person.save()
    for person in removed:
        if person.organisation_id != organisation.pk:
            raise PermissionDenied
        if person.user_id:
            raise ValidationError(
                _("%(name)s has a portal account: ask the secretariat to remove them.")
                % {"name": person.full_name}
            )
        person._change_reason = _("removed on the organisation's profile")[:100]
        person.delete()


# --- Roles ------------------------------------------------------------------


def role_assign(
    *,
    user,
    role: str,
    assigned_by=None,
    country: Country | None = None,
    stakeholder_type: StakeholderType | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
    reason: str = "",
) -> RoleAssignment:
    """Give `user` a role; `reason` goes into the assignment's history."""
    assignment = RoleAssignment(
        user=user,
        role=Role(role),
        country=country,
        stakeholder_type=stakeholder_type,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        note=note,
        assigned_by=assigned_by,
    )
    assignment.full_clean()
    assignment._change_reason = reason[:100]
    assignment.save()
    forget_cached_permissions(user)
    return assignment


def role_end(
    *, assignment: RoleAssignment, on: datetime.date | None = None, reason: str = ""
) -> RoleAssignment:
    on = on or timezone.localdate()
    if on <= assignment.starts_on:
        on = assignment.starts_on + datetime.timedelta(days=1)
    assignment.ends_on = on
    assignment.full_clean()
    assignment._change_reason = reason[:100]
    assignment.save(update_fields=["ends_on"])
    forget_cached_permissions(assignment.user)
    return assignment


ROLE_FIELDS = ("user", "role", "country", "stakeholder_type", "starts_on", "ends_on", "note")


def role_update(*, assignment: RoleAssignment, fields: dict, reason: str = "") -> RoleAssignment:
    """Change an assignment's role, scope, dates or note (a repair); the
    rights of its user, and of a user it is moved away from, are asked
    afresh."""
    unknown = set(fields) - set(ROLE_FIELDS)
    if unknown:
        raise ValueError(f"not a field of a role assignment: {sorted(unknown)}")
    previous_user = assignment.user if "user" in fields else None
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment._change_reason = reason[:100]
    assignment.save(update_fields=list(fields) or None)
    forget_cached_permissions(assignment.user)
    if previous_user is not None and previous_user.pk != assignment.user_id:
        forget_cached_permissions(previous_user)
    return assignment


def role_delete(*, assignment: RoleAssignment, reason: str = "") -> None:
    """Remove an assignment made by mistake (ending it keeps the record)."""
    user = assignment.user
    assignment._change_reason = reason[:100]
    assignment.delete()
    forget_cached_permissions(user)
