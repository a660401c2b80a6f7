from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "committee"
    verbose_name = _("Coordination committee")

    def ready(self):
        from . import rules, signals  # noqa: F401  (authorisation rules, cache invalidation)
