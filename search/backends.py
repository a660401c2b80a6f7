"""How one provider's rows are matched, ranked and cut into a page, in ONE
query per provider on every database.

Both backends return the provider's rows that the user may see and that match,
best first, each annotated with `search_rank` and `search_total` (the number
of matches in all, by a window function: no separate COUNT), and a snippet.

* `PostgresBackend`: full-text search with the "simple" configuration (the
  content is in Chinese, Russian, English, ...: no language's stemming or stop
  words would suit all of it), titles weighted A above bodies B, ranked by
  `ts_rank`, snippets by `ts_headline`, on the vector expression that the GIN
  indexes of `migrations/0001_fts_indexes.py` are built on. Chinese and
  Japanese are not split into words by the parser, so a query holding CJK
  characters also matches by substring.
* `FallbackBackend` (SQLite and anything else): every term must be a
  substring of a title or body field (case-insensitive for ASCII letters only
  on SQLite: its LIKE folds no other case); rows whose titles hold more of the
  terms come first; the snippet is cut in Python around the first match.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import reduce
from operator import add, and_, or_

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from common.translations import LANGUAGES

from . import text
from .models import TranslatedText
from .registry import Provider
from .text import SearchTerms


@dataclass
class Hit:
    title: SafeString  # escaped, the matches in <mark>
    url: str
    snippet: SafeString  # escaped, the matches in <mark>
    provider: Provider
    language: str = ""  # of the title and snippet, when a translation's


def _visible(provider: Provider, user) -> QuerySet:
    """The provider's rows the user may see, as a plain queryset on the model.

    A visibility selector may join and DISTINCT (an activity is visible
    through any of its organisations); matching, ranking and the window count
    need one row per object, so the selector becomes a `pk IN (...)` subquery
    of the same query."""
    visible = provider.visible(user).order_by().values("pk")
    return provider.model._default_manager.filter(pk__in=visible)


def _substring_match(provider: Provider, terms) -> Q:
    """Every term is a substring of some title or body field."""
    fields = provider.title_fields + provider.body_fields
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": term}) for field in fields)) for term in terms),
    )


def _title_hits(provider: Provider, terms, output_field=None):
    """How many of the terms occur in a title field (0 … len(terms))."""
    output_field = output_field or IntegerField()
    return reduce(
        add,
        (
            Case(
                When(
                    reduce(or_, (Q(**{f"{f}__icontains": term}) for f in provider.title_fields)),
                    then=Value(1, output_field=output_field),
                ),
                default=Value(0, output_field=output_field),
                output_field=output_field,
            )
            for term in terms
        ),
    )


def _window_total():
    return Window(expression=Count("pk"))


def _translations(provider: Provider) -> QuerySet:
    """The translation index's rows of the provider's model."""
    content_type = ContentType.objects.get_for_model(provider.model)
    return TranslatedText.objects.filter(content_type=content_type)


def _shown_translation(provider: Provider, language: str | None) -> dict:
    """Annotations: the title and text of each row's published translation
    into the reader's language (NULL when it has none), shown instead of the
    original's."""
    if not language:
        return {}
    own = _translations(provider).filter(object_id=OuterRef("pk"), language=language)
    return {
        "search_shown_title": Subquery(own.values("title")[:1]),
        "search_shown_body": Subquery(own.values("body")[:1]),
    }


class FallbackBackend:
    whole_words = False

    def translation_matches(self, provider: Provider, terms: SearchTerms) -> QuerySet:
        """Objects with a published translation holding every term (in any
        language), as object ids."""
        rows = _translations(provider)
        for term in terms.terms:
            rows = rows.filter(folded__contains=term.casefold())
        return rows.values("object_id")

    def matches(
        self, provider: Provider, user, terms: SearchTerms, language: str | None = None
    ) -> QuerySet:
        translated = Q(pk__in=self.translation_matches(provider, terms))
        rank = _title_hits(provider, terms.terms) + Case(
            When(translated, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        return (
            _visible(provider, user)
            .filter(_substring_match(provider, terms.terms) | translated)
            .annotate(
                search_rank=rank,
                search_total=_window_total(),
                **_shown_translation(provider, language),
            )
            .order_by("-search_rank", *provider.title_fields, "pk")
        )

    def hit(self, provider: Provider, obj, terms: SearchTerms, language: str | None = None) -> Hit:
        shown_body = getattr(obj, "search_shown_body", None)
        if shown_body is not None:
            # the reader's language: the translation's title (or the object's
            # name) and a snippet of the translation's text
            return Hit(
                title=text.highlight(
                    getattr(obj, "search_shown_title", "") or provider.title(obj), terms
                ),
                url=provider.url(obj),
                snippet=text.snippet(shown_body, terms),
                provider=provider,
                language=language or "",
            )
        body = " ".join(str(getattr(obj, field) or "") for field in provider.body_fields)
        if provider.body_is_html:
            body = html.unescape(strip_tags(body))
        return Hit(
            title=text.highlight(provider.title(obj), terms, whole_words=self.whole_words),
            url=provider.url(obj),
            snippet=text.snippet(body, terms, whole_words=self.whole_words),
            provider=provider,
        )


class PostgresBackend(FallbackBackend):
    whole_words = True
    HEADLINE_OPTIONS = {
        "start_sel": text.START_SEL,
        "stop_sel": text.STOP_SEL,
        "max_words": 35,
        "min_words": 15,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
    }

    @staticmethod
    def vector(provider: Provider):
        """The weighted search vector: the very expression the GIN index of
        the provider's table is built on (see the migrations)."""
        from django.contrib.postgres.search import SearchVector

        parts = [SearchVector(f, config="simple", weight="A") for f in provider.title_fields]
        parts += [SearchVector(f, config="simple", weight="B") for f in provider.body_fields]
        return reduce(add, parts)

    def translation_matches(self, provider: Provider, terms: SearchTerms) -> QuerySet:
        """Objects with a published translation matching the terms in its
        own language's configuration (stemming, or bigrams for Chinese and
        Japanese), on the GIN index of the stored vectors."""
        from django.contrib.postgres.search import SearchQuery

        condition = reduce(
            or_,
            (
                Q(
                    language=code,
                    vector=SearchQuery(
                        text.language_tsquery(terms, code),
                        search_type="raw",
                        config=text.ts_config(code),
                    ),
                )
                for code, _name in LANGUAGES
            ),
        )
        return _translations(provider).filter(condition).values("object_id")

    def matches(
        self, provider: Provider, user, terms: SearchTerms, language: str | None = None
    ) -> QuerySet:
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

        query = SearchQuery(text.tsquery(terms), search_type="raw", config="simple")
        vector = self.vector(provider)
        translated = Q(pk__in=self.translation_matches(provider, terms))
        # Each half of the match is its own `pk IN (...)` on its own GIN index:
        # `vector @@ query OR pk IN (translations)` in one WHERE cannot use the
        # index and computes the vector of every row of the table.
        original = provider.model._default_manager.alias(search_vector=vector).filter(
            search_vector=query
        )
        matched = Q(pk__in=original.values("pk")) | translated
        rank = SearchRank(vector, query) + Case(
            When(translated, then=Value(0.1)), default=Value(0.0), output_field=FloatField()
        )
        if terms.has_cjk:
            matched |= _substring_match(provider, terms.terms)
            rank = rank + _title_hits(provider, terms.terms, output_field=FloatField())
        body = [F(field) for field in provider.body_fields]
        if len(body) > 1:
            spaced = [body[0]]
            for field in body[1:]:
                spaced += [Value(" "), field]
            body = [Concat(*spaced, output_field=TextField())]
        return (
            _visible(provider, user)
            .filter(matched)
            .annotate(
                search_rank=rank,
                search_total=_window_total(),
                search_headline=SearchHeadline(
                    body[0], query, config="simple", **self.HEADLINE_OPTIONS
                ),
                **_shown_translation(provider, language),
            )
            .order_by("-search_rank", *provider.title_fields, "pk")
        )

    def hit(self, provider: Provider, obj, terms: SearchTerms, language: str | None = None) -> Hit:
        hit = super().hit(provider, obj, terms, language)
        if hit.language:
            return hit  # a translation's text: no headline of the original
        headline = obj.search_headline or ""
        if provider.body_is_html:
            # ts_headline leaves tags out but keeps entities ("&amp;") as written
            headline = html.unescape(headline)
        headline = text.marked_headline(headline)
        # ts_headline marks whole words only; a CJK substring match is marked
        # by the Python snippet instead.
        if text.has_mark(headline) or not text.has_mark(hit.snippet):
            hit.snippet = headline
        return hit


def backend_for(provider: Provider):
    vendor = connections[provider.model._default_manager.db].vendor
    return PostgresBackend() if vendor == "postgresql" else FallbackBackend()
