"""`/search/?q=...[&kind=...][&page=...]`: thin, the work is in `selectors`."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from common.fragments import Deferred
from common.pagecache import cache_public_page
from common.translations import content_language

from . import selectors, text
from .registry import provider_for, providers


@cache_public_page
@require_safe
def search(request):
    terms = text.parse(request.GET.get("q", ""))
    language = content_language(request)
    provider = provider_for(request.GET.get("kind"))
    context = {
        "terms": terms,
        "providers": providers(),
        "kind": provider,
        "max_length": text.MAX_QUERY_LENGTH,
    }
    # The results are looked up only when the page's results block is
    # rendered, not when it comes from the cache (templates/search/search.html).
    if terms.searchable and provider is not None:
        found = Deferred(
            lambda: selectors.search_kind(
                request.user, terms, provider, page=request.GET.get("page"), language=language
            )
        )
        query = request.GET.copy()
        query.pop("page", None)
        query["q"] = terms.text
        context.update(
            results=Deferred(lambda: found()[0]),
            page=Deferred(lambda: found()[1]),
            query=query.urlencode(),
        )
    elif terms.searchable:
        kinds = Deferred(
            lambda: selectors.search_everything(request.user, terms, language=language)
        )
        context.update(
            kinds=Deferred(lambda: [kind for kind in kinds() if kind.total]),
            empty_kinds=Deferred(lambda: [kind for kind in kinds() if not kind.total]),
            total=Deferred(lambda: sum(kind.total for kind in kinds())),
        )
    return render(request, "search/search.html", context)
