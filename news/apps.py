"""News, about pages and translated content: the partnership's editorial side
(see the package docstring for why it is an app of its own)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and about pages")

    def ready(self):
        from stakeholders import sections

        from . import rules, selectors, signals  # noqa: F401  (authorisation rules, cache invalidation)

        # An organisation's edit page lists its description's translations
        # and their changes (stakeholders.sections).
        sections.register_panel("description_translations", selectors.description_translations)
        sections.register_history(
            "description_translations", selectors.description_translation_history
        )
