from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self):
        from committee.registry import ReviewKind, register

        from . import rules, services, signals  # noqa: F401  (rules, cache invalidation)

        register(
            ReviewKind(
                name=services.WORKPLAN_REVIEW_KIND,
                label=_("Work plan"),
                approve=services.workplan_approved,
                request_changes=services.workplan_changes_requested,
                audience=services.workplan_decision_audience,
            )
        )
