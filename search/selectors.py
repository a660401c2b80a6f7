"""Reads: search results, grouped by kind, in one query per kind.

`search_everything` runs one query per registered provider (the best few
matches and, in the same row set, how many match in all); `search_kind` runs
one query for a page of one kind. Neither grows with the amount of content,
nor with the number of results shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from .backends import Hit, backend_for
from .registry import Provider, providers
from .text import SearchTerms

TOP_PER_KIND = 5  # results of each kind on the overview
PAGE_SIZE = 20  # results on a page of one kind


@dataclass
class KindResults:
    provider: Provider
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    @property
    def has_more(self) -> bool:
        return self.total > len(self.hits)


def _run(provider: Provider, user, terms: SearchTerms, *, offset: int, limit: int, language=None):
    """(hits, total) of one slice of one provider's matches: one query.
    `language`: the reader's; a result with a published translation into it
    is shown in it."""
    backend = backend_for(provider)
    rows = list(backend.matches(provider, user, terms, language)[offset : offset + limit])
    total = rows[0].search_total if rows else 0
    return [backend.hit(provider, row, terms, language) for row in rows], total


def search_everything(
    user, terms: SearchTerms, *, per_kind: int = TOP_PER_KIND, language: str | None = None
):
    """The best `per_kind` matches of every kind the user may see, with the
    number of matches of each kind; kinds without a match included (total 0).
    Originals and published translations in every language are searched."""
    results = []
    for provider in providers():
        hits, total = _run(provider, user, terms, offset=0, limit=per_kind, language=language)
        results.append(KindResults(provider=provider, hits=hits, total=total))
    return results


MAX_PAGE = 10_000  # a bigger number is "past the end" (and no database overflow)


def _page_number(value) -> int:
    try:
        number = int(str(value)[:12])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search_kind(
    user,
    terms: SearchTerms,
    provider: Provider,
    *,
    page=None,
    per_page: int = PAGE_SIZE,
    language: str | None = None,
) -> tuple[KindResults, Page]:
    """One page of one kind's matches (`page` as given in the address; the last
    page when it is past the end, as `Paginator.get_page` does). One query,
    and one more only when the page asked for is past the end."""
    number = _page_number(page)

    def run(number):
        offset = (number - 1) * per_page
        return _run(provider, user, terms, offset=offset, limit=per_page, language=language)

    hits, total = run(number)
    if not hits and number > 1:
        total = backend_for(provider).matches(provider, user, terms, language).count()
        number = max(1, -(-total // per_page))
        hits, total = run(number)
    # The paginator counts a range, not a queryset: the total came with the rows.
    paginator = Paginator(range(total), per_page)
    return KindResults(provider=provider, hits=hits, total=total), Page(hits, number, paginator)
