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
            # first through a fresh sign-in by an emailed link (partnership/enrolment.py)
            return redirect("mfa_activate_totp")
        return redirect(next_url)

    def index(self, request, extra_context=None):
        """The index starts with what needs the secretariat: failed mail
        deliveries and stuck or failed imports, with links to the lists."""
        extra_context = {**(extra_context or {}), "attention": attention(request.user)}
        return super().index(request, extra_context)


def attention(user):
    """[(label, count, url)] of the operational problems the user may look at."""
    from monitoring.models import ImportJob
    from monitoring.selectors import stuck_imports
    from notifications.models import (
        DeliveryState,
        DigestDelivery,
        MeetingMailDelivery,
        ReminderDelivery,
    )

    items = []
    deliveries = [
        (ReminderDelivery, gettext_lazy("Reminders that could not be sent")),
        (DigestDelivery, gettext_lazy("Digests that could not be sent")),
        (MeetingMailDelivery, gettext_lazy("Meeting mails that could not be sent")),
    ]
    for model, label in deliveries:
        opts = model._meta
        if user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            count = model.objects.filter(state=DeliveryState.FAILED).count()
            if count:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                items.append((label, count, f"{url}?state__exact=failed"))
    if user.has_perm("monitoring.view_importjob"):
        url = reverse("admin:monitoring_importjob_changelist")
        if count := stuck_imports().count():
            items.append(
                (gettext_lazy("Imports stuck without progress"), count, f"{url}?attention=stuck")
            )
        failed = ImportJob.objects.filter(status=ImportJob.Status.FAILED).count()
        if failed:
            items.append((gettext_lazy("Imports that failed"), failed, f"{url}?attention=failed"))
    return items
