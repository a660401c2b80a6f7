from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities")

    def ready(self):
        from committee.registry import ReviewKind, register

        from . import rules, services, signals  # noqa: F401  (rules, cache invalidation)

        register(
            ReviewKind(
                name=services.PROPOSAL_REVIEW_KIND,
                label=_("Activity proposal"),
                approve=services.proposal_approved,
                request_changes=services.proposal_declined,
                approve_label=_("Approve"),
                request_changes_label=_("Decline"),
                audience=services.decision_audience,
            )
        )
        register(
            ReviewKind(
                name=services.REPORT_REVIEW_KIND,
                label=_("Activity report"),
                approve=services.report_accepted,
                request_changes=services.report_returned,
                approve_label=_("Accept"),
                request_changes_label=_("Send back"),
                audience=services.decision_audience,
            )
        )
