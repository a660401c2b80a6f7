from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PartnershipConfig(AppConfig):
    name = "partnership"
    verbose_name = "Partnership"

    def ready(self):
        from common import singleline

        from . import signals  # noqa: F401
        from .schedules import install_default_schedules

        # Titles, names and every other one-line field refuse line breaks and
        # control characters, for forms, the admin and the API alike.
        singleline.install()

        from .ops import register_collectors

        register_collectors()

        # After every migrate (and test-database flush): the default beat
        # schedules exist in the database, where the admin shows them.
        post_migrate.connect(
            install_default_schedules, sender=self, dispatch_uid="portal-default-schedules"
        )
