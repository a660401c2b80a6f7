from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The admin, as the secretariat's site: two-factor required (see admin_site)."""

    default_site = "partnership.admin_site.PortalAdminSite"
