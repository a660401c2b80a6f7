"""The secretariat's administration site.

Only secretariat staff may enter, and only once two-factor sign-in is on: the
admin then trusts allauth's login (with its MFA stage) rather than its own form.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def may_use_admin(user) -> bool:
    return bool(
        user.is_active
        and user.is_authenticated
        and (user.is_superuser or user.has_perm("partnership.access_admin"))
    )


class PortalAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Partnership Portal — Secretariat")
    site_title = gettext_lazy("Partnership Portal administration")
    index_title = gettext_lazy("Administration")

    def has_permission(self, request):
        user = request.user
        return may_use_admin(user) and is_mfa_enabled(user)

    def login(self, request, extra_context=None):
        """Entry to the admin goes through the portal's sign-in and its MFA."""
        user = request.user
        next_url = request.GET.get("next") or ""
        if not next_url.startswith("/") or next_url.startswith("//"):
            next_url = reverse("admin:index")
        if not user.is_authenticated:
            return redirect_to_login(next_url)
        if not may_use_admin(user):
            raise PermissionDenied
        if not is_mfa_enabled(user):
            messages.warning(
                request,
                _("Turn on two-factor sign-in before you use the administration site."),
            )
            return redirect("mfa_activate_totp")
        return redirect(next_url)
