"""The portal's searchable kinds, each answered by its own app's selectors.

Every `visible` function below returns the rows a user may open: it is the
owning app's list selector (or, for organisations, the rule of the profile
page), so a search result never links to a 404 and never shows a title,
snippet or count of something the searcher may not see.
"""

from __future__ import annotations

import logging

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .registry import Provider, register

logger = logging.getLogger(__name__)


# --- Working groups -----------------------------------------------------------


def working_groups_visible_to(user) -> QuerySet:
    """The groups the group list shows (`groups_for_listing`: every group but
    closed ones); a group's page and mandate are public. Taken without the
    listing's member counts, which a search does not show."""
    from workinggroups.models import WorkingGroup

    return WorkingGroup.objects.exclude(status=WorkingGroup.Status.CLOSED)


# --- Activities ---------------------------------------------------------------


def activities_visible_to(user) -> QuerySet:
    """Approved, ongoing and completed activities for all; proposals for those
    involved, the committee and the secretariat (`activities_visible_to`)."""
    from activities.selectors import activities_visible_to as visible

    return visible(user)


# --- Documents ----------------------------------------------------------------


def documents_visible_to(user) -> QuerySet:
    """The library as the user may see it (`documents.selectors.visibility_filter`):
    public documents for all, members-only for partners, group documents for
    the group's members. Only a document's title and description are
    searched, never the content of its files."""
    from documents.models import Document
    from documents.selectors import visibility_filter

    condition = visibility_filter(user)
    documents = Document.objects.all()
    return documents if condition is None else documents.filter(condition)


# --- Protected areas ----------------------------------------------------------


def protected_areas_visible_to(user) -> QuerySet:
    """Protected areas are public reference data (`protected_areas_for_map`)."""
    from activities.models import ProtectedArea

    return ProtectedArea.objects.all()


def _protected_area_url(area) -> str:
    return reverse("activities:protected_area", kwargs={"slug": area.slug})


# --- Registration -------------------------------------------------------------


def register_portal_providers() -> None:
    from activities.models import Activity, ProtectedArea
    from documents.models import Document
    from stakeholders.models import Organisation
    from stakeholders.selectors import organisations_visible_to
    from workinggroups.models import WorkingGroup

    register(
        Provider(
            key="organisations",
            label=_("Organisations"),
            item_label=_("Organisation"),
            model=Organisation,
            visible=organisations_visible_to,  # the profile page's rule
            title_fields=("name", "acronym"),
            body_fields=("description",),
            order=20,
            index_name="search_organisation_fts",
        )
    )
    register(
        Provider(
            key="groups",
            label=_("Working groups"),
            item_label=_("Working group"),
            model=WorkingGroup,
            visible=working_groups_visible_to,
            title_fields=("name",),
            body_fields=("mandate",),
            order=30,
            index_name="search_workinggroup_fts",
        )
    )
    register(
        Provider(
            key="activities",
            label=_("Activities"),
            item_label=_("Activity"),
            model=Activity,
            visible=activities_visible_to,
            title_fields=("title",),
            body_fields=("description",),
            order=40,
            index_name="search_activity_fts",
        )
    )
    register(
        Provider(
            key="documents",
            label=_("Documents"),
            item_label=_("Document"),
            model=Document,
            visible=documents_visible_to,
            title_fields=("title",),
            body_fields=("description",),
            order=50,
            index_name="search_document_fts",
        )
    )
    register(
        Provider(
            key="protected-areas",
            label=_("Protected areas"),
            item_label=_("Protected area"),
            model=ProtectedArea,
            visible=protected_areas_visible_to,
            title_fields=("name",),
            body_fields=("description",),
            url=_protected_area_url,
            order=60,
            index_name="search_protectedarea_fts",
        )
    )
    register_news_provider()


def register_news_provider() -> None:
    """Published news (`news.selectors.published_articles`: the same for every
    reader), when the news app is installed; search works without it.

    Only an article's own title, summary and text are searched, in the
    language it was written in, not its translations."""
    if not apps.is_installed("news"):
        return
    try:
        from news.models import Article
        from news.selectors import published_articles
    except ImportError:  # pragma: no cover - a news app without these
        logger.warning("news is installed without Article or published_articles: not searched")
        return
    register(
        Provider(
            key="news",
            label=_("News"),
            item_label=_("News article"),
            model=Article,
            visible=published_articles,
            title_fields=("title",),
            body_fields=("summary", "body"),
            body_is_html=True,
            order=10,
            index_name="search_article_fts",
        )
    )
