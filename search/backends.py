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

from django.db import connections
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat
from django.utils.html import strip_tags
from django.utils.safestring import SafeString

from . import text
from .registry import Provider
from .text import SearchTerms


@dataclass
class Hit:
    title: SafeString  # escaped, the matches in <mark>
    url: str
    snippet: SafeString  # escaped, the matches in <mark>
    provider: Provider


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


class FallbackBackend:
    whole_words = False

    def matches(self, provider: Provider, user, terms: SearchTerms) -> QuerySet:
        return (
            _visible(provider, user)
            .filter(_substring_match(provider, terms.terms))
            .annotate(search_rank=_title_hits(provider, terms.terms), search_total=_window_total())
            .order_by("-search_rank", *provider.title_fields, "pk")
        )

    def hit(self, provider: Provider, obj, terms: SearchTerms) -> Hit:
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

    def matches(self, provider: Provider, user, terms: SearchTerms) -> QuerySet:
        from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank

        query = SearchQuery(text.tsquery(terms), search_type="raw", config="simple")
        vector = self.vector(provider)
        matched = Q(search_vector=query)
        rank = SearchRank(vector, query)
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
            .alias(search_vector=vector)
            .filter(matched)
            .annotate(
                search_rank=rank,
                search_total=_window_total(),
                search_headline=SearchHeadline(
                    body[0], query, config="simple", **self.HEADLINE_OPTIONS
                ),
            )
            .order_by("-search_rank", *provider.title_fields, "pk")
        )

    def hit(self, provider: Provider, obj, terms: SearchTerms) -> Hit:
        hit = super().hit(provider, obj, terms)
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
