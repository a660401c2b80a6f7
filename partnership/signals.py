"""Outside listeners: the interface language after sign-in, and the site's
name and address (used in allauth's emails) kept from SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_profile_language(sender, request, user, **kwargs):
    """After sign-in, the interface follows the language chosen in the profile."""
    if request is not None and user.language:
        # The redirect after sign-in is reversed in this language, so the user
        # lands on /ru/... or /zh-hans/... as their profile asks.
        translation.activate(user.language)


@receiver(post_migrate)
def name_the_site(sender, app_config=None, using="default", **kwargs):
    """allauth's emails name the site: make it ours, not "example.com"."""
    if app_config is None or app_config.label != "sites":
        return
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "localhost"
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Partnership Portal"}
    )
