"""News, about pages and translated content: the partnership's editorial side
(see the package docstring for why it is an app of its own)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News and about pages")

    def ready(self):
        from . import rules, signals  # noqa: F401  (authorisation rules, cache invalidation)
