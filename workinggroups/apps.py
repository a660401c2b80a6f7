from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkinggroupsConfig(AppConfig):
    name = "workinggroups"
    verbose_name = _("Working groups")

    def ready(self):
        from . import rules, signals  # noqa: F401  (authorisation rules, cache invalidation)
