"""Outside listeners: keep the interface language in step with the profile."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in)
def activate_profile_language(sender, request, user, **kwargs):
    """After sign-in, the interface follows the language chosen in the profile."""
    if request is not None and user.language:
        # The redirect after sign-in is reversed in this language, so the user
        # lands on /ru/... or /zh-hans/... as their profile asks.
        translation.activate(user.language)
