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
        from . import rules, signals  # noqa: F401  (authorisation rules, cache invalidation)
