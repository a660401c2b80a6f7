"""Reads for news and about pages: what readers see, in their language, in a
fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone, translation

from activities.models import InformationCentre
from common.translations import Shown, TranslationStatus, localise

from . import rules
from .models import AboutPage, AboutPageTranslation, Article, ArticleTranslation

ARTICLE_FIELDS = ("title", "summary", "body")
CARD_FIELDS = ("title", "summary")
RELATED_COUNT = 3


def _published_translations(model):
    return Prefetch(
        "translations",
        queryset=model.objects.filter(status=TranslationStatus.PUBLISHED),
        to_attr="published_translations",
    )


def published_articles(user=None, *, now=None) -> QuerySet[Article]:
    """Every article readers see, newest first (the same for every user:
    drafts are seen only on their own page by those who may edit them).
    `user` is accepted so that this serves as a visibility selector (search)."""
    return Article.objects.visible(now=now).order_by("-publish_at", "-pk")


def _for_cards(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.select_related("author_centre", "author_organisation").prefetch_related(
        "topics", _published_translations(ArticleTranslation)
    )


def articles_for_list() -> QuerySet[Article]:
    """The news list before its filters (centre, country, topic)."""
    return _for_cards(published_articles())


@dataclass
class ArticleCard:
    """An article as a list, a feed or the home page shows it, in the
    reader's language."""

    article: Article
    shown: Shown

    def __getattr__(self, name):
        # title and summary in the reader's language; everything else the article's
        if name in ("article", "shown"):
            raise AttributeError(name)
        if name in self.shown.values:
            return self.shown.values[name]
        return getattr(self.article, name)

    def get_absolute_url(self):
        return self.article.get_absolute_url()

    @property
    def language(self) -> str:
        return self.shown.language


def cards(articles, language: str | None = None, fields=CARD_FIELDS) -> list[ArticleCard]:
    """Articles (with `published_translations` prefetched) as cards in `language`."""
    language = language or translation.get_language()
    return [
        ArticleCard(
            article=article,
            shown=localise(article, article.published_translations, language, fields=fields),
        )
        for article in articles
    ]


def latest_articles(*, limit: int = 4, language: str | None = None) -> list[ArticleCard]:
    """The newest articles in the reader's language (the home page): two queries."""
    return cards(articles_for_list()[:limit], language)


def articles_for_centre(centre, *, limit: int = 5, language: str | None = None):
    """A centre's newest articles (the centre page)."""
    return cards(articles_for_list().filter(author_centre=centre)[:limit], language)


def _article_for_page() -> QuerySet[Article]:
    return Article.objects.select_related(
        "author_centre__host", "author_centre__country", "author_organisation"
    ).prefetch_related("topics", "countries", _published_translations(ArticleTranslation))


def article_for_page(*, slug: str, user) -> Article:
    """The article at `slug` if it is out, or if `user` may edit it (a preview);
    404 otherwise: a draft and a missing article answer the same."""
    article = _article_for_page().filter(slug=slug).first()
    if article is None:
        raise Http404
    if not article.is_visible() and not user.has_perm("news.change_article", article):
        raise Http404
    return article


def article_for_edit(*, slug: str, user) -> Article:
    """The article at `slug` for its edit form: 404 if `user` may not even see
    it, 403 if they may see it but not edit it."""
    article = article_for_page(slug=slug, user=user)
    if not user.has_perm("news.change_article", article):
        raise PermissionDenied
    return article


def related_articles(article: Article, *, limit: int = RELATED_COUNT) -> QuerySet[Article]:
    """Other articles out now sharing the most topics and countries with
    `article`, newest first among equals (two queries whatever the numbers)."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    country_ids = [country.pk for country in article.countries.all()]
    if not topic_ids and not country_ids:
        return Article.objects.none()
    return (
        _for_cards(published_articles())
        .exclude(pk=article.pk)
        .filter(Q(topics__in=topic_ids) | Q(countries__in=country_ids))
        .annotate(
            shared=Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
            + Count("countries", filter=Q(countries__in=country_ids), distinct=True)
        )
        .order_by("-shared", "-publish_at", "-pk")[:limit]
    )


def writable_centres(user) -> QuerySet[InformationCentre]:
    """The centres `user` may write for: every centre for the secretariat,
    the centres in the scope of their centre-staff roles otherwise."""
    centres = InformationCentre.objects.select_related("host", "country").order_by("name")
    condition = rules.centres_written_for(user)
    return centres if condition is None else centres.filter(condition)


def articles_in_preparation(user) -> QuerySet[Article]:
    """Drafts and scheduled articles of the centres `user` writes for."""
    queryset = Article.objects.filter(
        Q(status=Article.Status.DRAFT) | Q(publish_at__gt=timezone.now())
    )
    condition = rules.editable_by(user)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.select_related("author_centre").order_by("-updated_at")


# --- About pages ---------------------------------------------------------------


def about_pages() -> QuerySet[AboutPage]:
    """The published about pages, in their order, with their published translations."""
    return (
        AboutPage.objects.filter(status=AboutPage.Status.PUBLISHED)
        .prefetch_related(_published_translations(AboutPageTranslation))
        .order_by("position", "title")
    )


def about_page(pages: list[AboutPage], slug: str) -> AboutPage:
    for page in pages:
        if page.slug == slug:
            return page
    raise Http404


def localised_pages(pages, language: str, fields=("title", "summary")) -> list[dict[str, Any]]:
    return [
        {
            "page": page,
            "shown": localise(page, page.published_translations, language, fields=fields),
        }
        for page in pages
    ]
