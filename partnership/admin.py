from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.authz import explain

from .models import User

# Who may do what comes from role assignments and per-object grants
# (common/authz.py); Django's groups are not used, so not offered.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "time_zone", "is_active", "last_login"]
    list_filter = ["is_active", "is_superuser", "language", "role_assignments__role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined", "access_summary"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "language", "time_zone"]}),
        (_("What this user may do"), {"fields": ["access_summary"]}),
        (_("Status"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]}),
    ]

    @admin.display(description=_("Roles and grants, in plain words"))
    def access_summary(self, obj):
        if obj.pk is None:
            return "-"
        rows = format_html_join(
            "",
            "<li><strong>{}</strong> — {}<br>{}</li>",
            (
                (item.title, item.because, "; ".join(str(a) for a in item.allows))
                for item in explain(obj)
            ),
        )
        link = reverse("user_access", kwargs={"pk": obj.pk})
        return format_html('<ul>{}</ul><a href="{}">{}</a>', rows, link, _("Open the full page"))
