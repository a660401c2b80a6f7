from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from . import (
            listeners,  # noqa: F401  (listens to the domain apps' events)
            unread,  # noqa: F401  (keeps the unread counts current)
        )
