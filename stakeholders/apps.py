from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Members and roles")

    def ready(self):
        from . import rules, signals  # noqa: F401  (authorisation rules, cache invalidation)
