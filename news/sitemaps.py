"""The sitemap (/sitemap.xml): every public page, in every interface
language, each with its alternates (hreflang, and x-default) so a search
engine knows the pages are one page in several languages.

It lives with the news because it is the partnership's editorial face to
search engines; it reads the other apps only through what they expose as
public (their selectors and public statuses), so a page hidden there is not
listed here. The template is ours (`news/sitemap.xml`) so that the sitemaps
app need not be installed.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import reverse

from common.pagecache import cache_public_page

from . import selectors


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


def _lean(queryset, *fields):
    """Only what an address needs: no joins or prefetches of the list pages."""
    return queryset.select_related(None).prefetch_related(None).only(*fields)


class StaticPagesSitemap(PortalSitemap):
    """The list pages and other fixed addresses."""

    changefreq = "daily"
    priority = 0.6
    names = [
        "home",
        "news:list",
        "about:index",
        "stakeholders:directory",
        "workinggroups:list",
        "activities:list",
        "activities:map",
        "activities:centres",
        "meetings:events",
        "documents:library",
        "committee:committee",
    ]

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class ArticleSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return _lean(selectors.published_articles(), "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class AboutPageSitemap(PortalSitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return _lean(selectors.about_pages(), "slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        from stakeholders.selectors import directory_organisations

        return _lean(directory_organisations(), "slug", "updated_at").order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class WorkingGroupSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        from workinggroups.models import WorkingGroup

        return WorkingGroup.objects.only("slug").order_by("slug")


class ActivitySitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        from activities.selectors import activities_visible_to

        return _lean(activities_visible_to(AnonymousUser()), "pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ProtectedAreaSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        from activities.models import ProtectedArea

        return ProtectedArea.objects.only("slug").order_by("slug")

    def location(self, item):
        return reverse("activities:protected_area", kwargs={"slug": item.slug})


class CentreSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        from activities.models import InformationCentre

        return InformationCentre.objects.only("slug").order_by("slug")


class PublicEventSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        from meetings.selectors import public_events

        return _lean(public_events(), "pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PublicDocumentSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        from documents.selectors import documents_visible_to

        return _lean(documents_visible_to(AnonymousUser()), "pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "news": ArticleSitemap,
    "about": AboutPageSitemap,
    "members": OrganisationSitemap,
    "working-groups": WorkingGroupSitemap,
    "activities": ActivitySitemap,
    "protected-areas": ProtectedAreaSitemap,
    "centres": CentreSitemap,
    "events": PublicEventSitemap,
    "documents": PublicDocumentSitemap,
}


@cache_public_page
def sitemap(request):
    return sitemap_view(request, sitemaps=SITEMAPS, template_name="news/sitemap.xml")
