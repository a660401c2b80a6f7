"""Whole-page cache for public pages seen by visitors who are not signed in.

Only anonymous GET/HEAD requests without a session or pending messages are
served from the cache, so nobody ever sees a page rendered for someone else.
Entries are keyed by language and full path and carry a "generation": any
change to public content bumps it (see `signals.py`), which retires every
cached page at once; a short timeout bounds staleness across processes that
keep a local-memory cache.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

GENERATION_KEY = "pagecache:generation"
HEADERS_KEPT = ("Content-Type", "Content-Language", "Vary")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def invalidate_public_pages() -> None:
    """Retire every cached public page (called when public content changes)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.add(GENERATION_KEY, 2, timeout=None)


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{generation()}:{translation.get_language()}:{path}"


def cache_public_page(view):
    """Serve the anonymous version of `view` from the cache when it is there."""

    # Public pages only read; a cache hit then costs no database round trip.
    @transaction.non_atomic_requests
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            response.status_code == 200
            and not response.cookies  # e.g. a CSRF cookie: the page holds a form
            and not request.user.is_authenticated
        ):
            headers = {name: response[name] for name in HEADERS_KEPT if name in response}
            cache.set(key, (response.content, headers), settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
