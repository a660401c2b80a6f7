"""What can be searched: one provider per kind of result.

A provider says which model a kind of result comes from, which of its rows a
user may see (the owning app's own selector: never a rule of our own), which
fields are titles (weighted A, ranked first) and which are bodies (weighted
B), and how a row is named and linked. `providers.py` registers the portal's
kinds; an app added later registers its own the same way::

    from search.registry import Provider, register

    register(Provider(key="news", label=_("News"), item_label=_("News article"),
                      model=Article, visible=published_articles,
                      title_fields=("title",), body_fields=("summary", "body"),
                      index_name="search_news_fts"))

On PostgreSQL the search vector of a provider is
`setweight(to_tsvector('simple', coalesce(<title field>, '')), 'A') || ...
setweight(to_tsvector('simple', coalesce(<body field>, '')), 'B')`, fields in
the order given here: a GIN index on exactly that expression (a migration of
this app, see `migrations/0001_fts_indexes.py`) makes it fast. A provider
without an index still works, by a sequential scan.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


def _absolute_url(obj) -> str:
    return obj.get_absolute_url()


@dataclass(frozen=True)
class Provider:
    key: str  # in URLs: /search/?q=...&kind=<key>; stable
    label: str  # the section heading, plural: "Organisations"
    item_label: str  # the kind shown beside each result, singular: "Organisation"
    model: type[Model]
    visible: Callable[[Any], QuerySet]  # user -> the rows `user` may see
    title_fields: tuple[str, ...]
    body_fields: tuple[str, ...]
    url: Callable[[Model], str] = _absolute_url
    title: Callable[[Model], str] = str  # must not read related objects
    order: int = 100  # sections are shown by this, then by key
    body_is_html: bool = False  # bodies hold (sanitised) HTML: snippets show their text
    index_name: str = ""  # the GIN index (PostgreSQL) on this provider's vector


PROVIDERS: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add (or replace, by key) a kind of search result."""
    PROVIDERS[provider.key] = provider


def unregister(key: str) -> None:
    PROVIDERS.pop(key, None)


def providers() -> list[Provider]:
    """Every registered provider, in the order the results page shows them."""
    return sorted(PROVIDERS.values(), key=lambda provider: (provider.order, provider.key))


def provider_for(key: str | None) -> Provider | None:
    """The provider of this key; None for a missing or unknown key."""
    if not key:
        return None
    return PROVIDERS.get(key)
