"""The document library: versioned files with an access level, served only
through a view that checks permission on every download.

A concern of its own because documents belong to groups, meetings,
information centres and activities alike."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from workinggroups.sections import register

        from . import rules, selectors, signals  # noqa: F401  (rules, cache invalidation)

        register(
            "documents",
            lambda user, group, *, can_see_private: selectors.documents_for_group(user, group),
        )
