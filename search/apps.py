from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Every app's models are loaded now: register what can be searched.
        from . import providers

        providers.register_portal_providers()
        from . import index

        index.connect_signals()
