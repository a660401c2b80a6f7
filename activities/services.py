"""Writes for activities: proposing, the lifecycle, reports, and the handlers
the committee's review queue calls.

Lifecycle: proposed → approved (committee) | declined (committee);
approved → ongoing → completed; a completed activity's report goes
draft → submitted → accepted | sent back → submitted … Every change is a
Transition row (who, when); anything else is refused with a clear message.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committee.services import review_submit
from common.events import publish

from .models import Activity, Indicator, Report, ReportPhoto, Transition

PROPOSAL_REVIEW_KIND = "activity-proposal"
REPORT_REVIEW_KIND = "activity-report"

# Which status each step may start from.
STEPS = {
    "approve": ({Activity.Status.PROPOSED}, Activity.Status.APPROVED),
    "decline": ({Activity.Status.PROPOSED}, Activity.Status.DECLINED),
    "start": ({Activity.Status.APPROVED}, Activity.Status.ONGOING),
    "complete": ({Activity.Status.ONGOING}, Activity.Status.COMPLETED),
}


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this."))


def _record(activity, *, to_status, by, from_status="", subject="activity", comment=""):
    Transition.objects.create(
        activity=activity,
        subject=subject,
        from_status=from_status,
        to_status=to_status,
        by=by,
        comment=comment,
    )


def _step(
    activity: Activity, step: str, *, by, comment: str = "", fields: dict | None = None
) -> Activity:
    """Move the activity one step, setting `fields` with it; the activity's
    own rules (Activity.clean) decide whether the result holds."""
    allowed_from, to_status = STEPS[step]
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if activity.status not in allowed_from:
        raise ValidationError(
            _("An activity that is “%(status)s” cannot be moved to “%(target)s”.")
            % {"status": activity.get_status_display(), "target": Activity.Status(to_status).label}
        )
    from_status = activity.status
    activity.status = to_status
    fields = fields or {}
    for name, value in fields.items():
        setattr(activity, name, value)
    if fields:
        activity.clean()
    activity.save(update_fields=["status", "updated_at", *fields])
    _record(activity, from_status=from_status, to_status=to_status, by=by, comment=comment)
    return activity


def _check_places(activity: Activity, countries, protected_areas) -> None:
    country_ids = {country.pk for country in countries}
    foreign = [area for area in protected_areas if area.country_id not in country_ids]
    if foreign:
        raise ValidationError(
            {
                "protected_areas": _(
                    "%(areas)s: not in one of the activity's countries; add the country or "
                    "choose another area."
                )
                % {"areas": ", ".join(area.local_name for area in foreign)}
            }
        )


def _save_indicators(activity: Activity, planned: dict) -> None:
    """`planned` maps IndicatorType to a planned value (None or "" removes it)."""
    for indicator_type, value in planned.items():
        if value in (None, ""):
            Indicator.objects.filter(activity=activity, indicator_type=indicator_type).delete()
            continue
        value = Decimal(value)
        if value < 0:
            raise ValidationError(_("Indicator values cannot be negative."))
        Indicator.objects.update_or_create(
            activity=activity, indicator_type=indicator_type, defaults={"planned": value}
        )


def _apply(activity, *, fields: dict, countries, organisations, protected_areas, planned):
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["proposed_by"])
    _check_places(activity, countries, protected_areas)
    activity.save()
    activity.countries.set(countries)
    activity.organisations.set(organisations)
    activity.protected_areas.set(protected_areas)
    _save_indicators(activity, planned)


@transaction.atomic
def activity_propose(
    *, by, fields: dict, countries, organisations=(), protected_areas=(), planned=None
) -> Activity:
    """Propose an activity for the lead organisation (its representative, a
    group member for the group's activity, or the secretariat)."""
    _require(by, "activities.propose_activity")
    lead = fields["lead_organisation"]
    group = fields.get("group")
    from common.authz import roles_of

    may_lead = (
        roles_of(by).is_secretariat or lead.people.filter(user=by, is_representative=True).exists()
    )
    may_group = group is not None and by.has_perm("workinggroups.edit_workplan", group)
    if not (may_lead or may_group):
        raise PermissionDenied(
            _("Only a representative of %(org)s or a member of the working group may propose this.")
            % {"org": lead}
        )
    activity = Activity(proposed_by=by, status=Activity.Status.PROPOSED)
    _apply(
        activity,
        fields=fields,
        countries=countries,
        organisations=organisations,
        protected_areas=protected_areas,
        planned=planned or {},
    )
    _record(activity, to_status=Activity.Status.PROPOSED, by=by)
    review_submit(
        subject=activity,
        kind=PROPOSAL_REVIEW_KIND,
        title=activity.title,
        submitted_by=by,
        group=activity.group,
        country=lead.country,
        stakeholder_type=lead.stakeholder_type,
    )
    publish("activity.proposed", activity)  # the reviewers in scope hear of it on commit
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, by, fields: dict, countries, organisations, protected_areas, planned
) -> Activity:
    _require(by, "activities.change_activity", activity)
    if activity.status in (Activity.Status.DECLINED, Activity.Status.COMPLETED):
        raise ValidationError(_("A declined or completed activity is no longer edited."))
    fields = {k: v for k, v in fields.items() if k != "lead_organisation"}  # fixed once proposed
    _apply(
        activity,
        fields=fields,
        countries=countries,
        organisations=organisations,
        protected_areas=protected_areas,
        planned=planned,
    )
    return activity


@transaction.atomic
def activity_start(*, activity: Activity, by) -> Activity:
    _require(by, "activities.change_activity", activity)
    return _step(activity, "start", by=by)


@transaction.atomic
def activity_complete(
    *,
    activity: Activity,
    by,
    completed_early: bool = False,
    reason: str = "",
    today: datetime.date | None = None,
) -> Activity:
    """Complete an ongoing activity. Before its start only as "completed
    early", with the reason (kept on the activity and in its timeline)."""
    _require(by, "activities.change_activity", activity)
    today = today or timezone.localdate()
    early = today < activity.starts_on
    reason = (reason or "").strip() if early and completed_early else ""
    if len(reason) > 1000:
        raise ValidationError(
            {"completed_early_reason": _("Keep the reason under 1,000 characters.")}
        )
    return _step(
        activity,
        "complete",
        by=by,
        comment=reason,
        fields={
            "completed_on": today,
            "completed_early": bool(completed_early) and early,
            "completed_early_reason": reason,
        },
    )


# --- Reports ---------------------------------------------------------------------


@transaction.atomic
def report_save(*, activity: Activity, by, narrative: str, achieved: dict) -> Report:
    """Write the report of a completed activity: narrative and achieved values
    (`achieved` maps Indicator pk to a value)."""
    _require(by, "activities.change_activity", activity)
    if activity.status != Activity.Status.COMPLETED:
        raise ValidationError(_("Only a completed activity is reported on."))
    report, _created = Report.objects.select_for_update().get_or_create(
        activity=activity, defaults={"narrative": narrative}
    )
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise ValidationError(_("The report is with the committee; it cannot change now."))
    report.narrative = narrative
    report.full_clean(exclude=["activity"])
    report.save()
    indicators = {i.pk: i for i in activity.indicators.all()}
    for pk, value in achieved.items():
        indicator = indicators.get(int(pk))
        if indicator is None:
            continue
        if value is not None and Decimal(value) < 0:
            raise ValidationError(_("Indicator values cannot be negative."))
        indicator.achieved = value
        indicator.save(update_fields=["achieved"])
    return report


def report_add_photo(*, report: Report, by, image, alt_text: str, caption: str = "") -> ReportPhoto:
    from common.uploads import validate_image_upload

    _require(by, "activities.change_activity", report.activity)
    status = Report.objects.filter(pk=report.pk).values_list("status", flat=True).first()
    if status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise ValidationError(_("The report is with the committee; it cannot change now."))
    validate_image_upload(image, max_bytes=10 * 1024 * 1024)
    photo = ReportPhoto(report=report, image=image, alt_text=alt_text.strip(), caption=caption)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def report_submit(*, activity: Activity, by) -> Report:
    _require(by, "activities.change_activity", activity)
    report = Report.objects.select_for_update().filter(activity=activity).first()
    if report is None or report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise ValidationError(_("Write the report before sending it to the committee."))
    if activity.indicators.filter(achieved__isnull=True).exists():
        raise ValidationError(_("Give the achieved value of every indicator first."))
    from_status = report.status
    report.status = Report.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _record(activity, subject="report", from_status=from_status, to_status=report.status, by=by)
    lead = activity.lead_organisation
    review_submit(
        subject=report,
        kind=REPORT_REVIEW_KIND,
        title=str(_("Report: %(activity)s")) % {"activity": activity.title},
        submitted_by=by,
        group=activity.group,
        country=lead.country,
        stakeholder_type=lead.stakeholder_type,
    )
    publish("report.submitted", report)  # the reviewers in scope hear of it on commit
    return report


# --- Review handlers (called by committee.services.review_decide) -------------------


def proposal_approved(activity: Activity, decision) -> None:
    _step(activity, "approve", by=decision.reviewer, comment=decision.comment)


def proposal_declined(activity: Activity, decision) -> None:
    _step(activity, "decline", by=decision.reviewer, comment=decision.comment)


def _report_decided(status):
    def apply(report: Report, decision) -> None:
        from_status = report.status
        report.status = status
        report.save(update_fields=["status", "updated_at"])
        _record(
            report.activity,
            subject="report",
            from_status=from_status,
            to_status=status,
            by=decision.reviewer,
            comment=decision.comment,
        )

    return apply


report_accepted = _report_decided(Report.Status.ACCEPTED)
report_returned = _report_decided(Report.Status.RETURNED)


def decision_audience(subject):
    """Who hears of a decision on a proposal or a report: those involved in
    the activity (rules.people_of) in their notification list; who
    proposed, the representatives of its organisations and the leads of its
    group by email. Both link to the activity."""
    from committee.registry import DecisionAudience

    from .rules import people_of

    activity = subject.activity if isinstance(subject, Report) else subject
    return DecisionAudience(
        notified=people_of(activity),
        mailed=people_involved(subject),
        name=activity.title,
        url=activity.get_absolute_url(),
    )


def people_involved(subject):
    """Told of each decision: who proposed, the representatives of the
    activity's organisations, and the leads of its group."""
    activity = subject.activity if isinstance(subject, Report) else subject
    from stakeholders.models import Person
    from workinggroups.models import GroupRole

    people = [activity.proposed_by]
    organisation_ids = {activity.lead_organisation_id} | set(
        activity.organisations.values_list("pk", flat=True)
    )
    people += [
        person.user
        for person in Person.objects.filter(
            organisation_id__in=organisation_ids, is_representative=True, user__isnull=False
        ).select_related("user")
    ]
    if activity.group_id:
        people += [
            m.user
            for m in activity.group.memberships.filter(
                role__in=[GroupRole.LEAD, GroupRole.CO_CHAIR]
            ).select_related("user")
        ]
    return people
