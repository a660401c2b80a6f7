"""The secretariat's view of every API token: who holds it, what it is
called, when it was made, last used and expires, and whether it is revoked.
Read-only, and never the secret or its hash (only the readable prefix, to
match a token seen in a log). Tokens are made by their owners on the profile
page, where the secret is shown once; here the secretariat can only revoke."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiToken


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("usable", _("In use")), ("revoked", _("Revoked")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "usable":
            return queryset.usable(now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "owner",
        "prefix",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = [StateFilter, "created_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__email"]
    date_hierarchy = "created_at"
    # Listed explicitly: `secret_hash` must never appear, not even read-only.
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke_selected"]

    @admin.display(description=_("user"), ordering="user__email")
    def owner(self, token):
        return token.user.email

    def has_module_permission(self, request):
        return request.user.has_perm("api.view_apitoken")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("api.view_apitoken", obj)

    def has_add_permission(self, request):
        return False  # the secret is shown once, to its owner, on the profile page

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked tokens stay, as a record of what was used

    def has_revoke_permission(self, request):
        return request.user.has_perm("api.revoke_apitoken")

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(token=token, by=request.user)
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d token was revoked.", "%(count)d tokens were revoked.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
