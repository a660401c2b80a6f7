"""Digest section of the committee and the membership applications: what
awaits the recipient's position or decision within the scope of their role
(review requests of the kinds in committee/registry.py for committee members
in their scope, and every one for the secretariat and the chair, who record
the committee's decisions; membership applications for the secretariat and
the focal points), oldest first; nobody is asked to decide what they sent
themselves.

Only for members who chose the digest for that kind of notice
("awaits your position", "awaits your decision"): with "at once" each item
was mailed when it arrived, with "off" they asked for no alert."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from notifications import digest


def collect(batch) -> dict[int, list]:
    """1 query for the roles, 1 for the chair, 1 per kind of subject asked
    (2 at most)."""
    from committee.models import ReviewRequest
    from committee.registry import KINDS
    from committee.rules import chair_holder
    from common.authz import active_users
    from notifications.models import AlertKind
    from stakeholders.models import MembershipApplication, Role, RoleAssignment

    wanting = {
        Role.COMMITTEE: {
            uid for uid in batch.user_ids if batch.wants_in_digest(uid, AlertKind.AWAITS_POSITION)
        },
        Role.FOCAL_POINT: {
            uid for uid in batch.user_ids if batch.wants_in_digest(uid, AlertKind.AWAITS_DECISION)
        },
    }

    deciding_roles = {Role.COMMITTEE: defaultdict(list), Role.FOCAL_POINT: defaultdict(list)}
    for assignment in (
        RoleAssignment.objects.active(on=batch.today)
        .filter(
            user_id__in=wanting[Role.COMMITTEE] | wanting[Role.FOCAL_POINT],
            role__in=[Role.COMMITTEE, Role.FOCAL_POINT, Role.SECRETARIAT],
        )
        .only("user_id", "country_id", "stakeholder_type_id", "role")
    ):
        if assignment.role == Role.SECRETARIAT:
            # The secretariat decides every application and records the
            # committee's decisions on every submission, whatever its scope.
            if assignment.user_id in wanting[Role.FOCAL_POINT]:
                deciding_roles[Role.FOCAL_POINT][assignment.user_id].append(None)
                deciding_roles[Role.COMMITTEE][assignment.user_id].append(None)
        elif assignment.user_id in wanting[assignment.role]:
            deciding_roles[assignment.role][assignment.user_id].append(assignment)
    if wanting[Role.FOCAL_POINT]:
        # the chair records the committee's decisions too ("awaits your decision")
        for user_id in (
            active_users()
            .filter(chair_holder(), pk__in=wanting[Role.FOCAL_POINT])
            .values_list("pk", flat=True)
        ):
            deciding_roles[Role.COMMITTEE][user_id].append(None)
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
    for entries in awaiting.values():
        entries.sort(key=lambda entry: entry.when)
    return awaiting


def _assign(awaiting, roles_by_user, subjects, *, title, submitter, label) -> None:
    """An item for each subject (a review request, an application) to the
    users whose role covers it (country and stakeholder type; `None` stands
    for a reach without scope)."""
    items = [
        (
            subject,
            submitter(subject),
            digest.DigestItem(
                title(subject),
                digest._absolute(subject.get_absolute_url()),
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


def _covers(assignment, subject) -> bool:
    return (not assignment.country_id or assignment.country_id == subject.country_id) and (
        not assignment.stakeholder_type_id
        or assignment.stakeholder_type_id == subject.stakeholder_type_id
    )
