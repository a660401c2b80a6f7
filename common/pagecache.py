"""Whole-page cache for public pages seen by visitors who are not signed in.

Only anonymous GET/HEAD requests without a session or pending messages are
served from the cache, so nobody ever sees a page rendered for someone else.

Three parts:

* `cache_public_page` marks a view's response as the same for every visitor
  of its address (and language, which the address carries);
* `PageCacheMiddleware`, the first middleware after the metrics, stores such
  a response on its way out, with every header the middleware below it added
  (security headers, the Content-Security-Policy), and answers a request from
  the cache before the session, locale, authentication or messages middleware
  runs;
* `PageCacheApplication` wraps the WSGI application (partnership/wsgi.py) and
  answers from the same entries before Django handles the request at all: no
  middleware, no URL resolving, no database, no session, no template. Each
  process keeps its most asked pages in memory
  (`PAGE_CACHE_PROCESS_ENTRIES`) and asks the shared cache for the content
  version at most every `PAGE_CACHE_RECHECK_SECONDS` (a second): most hits
  cost no round trip at all, and a change made in another process or on
  another machine reaches every page within that second (one made in this
  process, at once). A miss goes on to Django, which does not look the entry
  up a second time.

Entries are keyed by the full path (its language prefix and query included)
and carry the "generation" they were made in: any change to public content
bumps it (see each app's `signals.py`), which retires every cached page at
once; a short timeout bounds staleness. Each entry has an ETag, so a
conditional request is answered 304, and `Cache-Control` lets a reverse proxy
hold the page for the same short time. Signed-in pages are `private`.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from prometheus_client import Counter

from common import requestid
from common.cache import bump_version, current_version
from common.fragments import forget_content_version

GENERATION_KEY = "pagecache:generation"
# Headers of a stored page not replayed on a hit. The others are: those the
# middleware below the cache added (security headers, the
# Content-Security-Policy, which a view may widen, X-Frame-Options) and the
# cache's own (ETag, Cache-Control, Vary). Every hit gets its own request id.
HEADERS_SKIPPED = frozenset(
    {"set-cookie", "x-page-cache", "content-length", "date", requestid.HEADER.lower()}
)
# Where the WSGI front leaves its lookup for the middleware on a miss.
LOOKED_UP = "portal.pagecache.looked_up"
# Hits answered before Django (the metrics middleware does not see them).
FRONT_HITS = Counter(
    "portal_page_cache_front_answers_total",
    "Public pages answered from the page cache before Django handled the request",
    ["status"],
)


def generation() -> int:
    return current_version(GENERATION_KEY) or 0


def invalidate_public_pages() -> None:
    """Retire every cached public page (called when public content changes)."""
    bump_version(GENERATION_KEY)
    _seen.forget()  # this process sees its own change at once
    forget_content_version()


class _SeenGeneration:
    """The content version this process last read from the shared cache, and
    when: the WSGI front trusts it for `PAGE_CACHE_RECHECK_SECONDS`."""

    def __init__(self):
        self.value, self.at = None, float("-inf")

    def remember(self, value) -> None:
        self.value, self.at = value, time.monotonic()

    def forget(self) -> None:
        self.value, self.at = None, float("-inf")

    def recent(self):
        if time.monotonic() - self.at < settings.PAGE_CACHE_RECHECK_SECONDS:
            return self.value
        return None


_seen = _SeenGeneration()


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        # static files are WhiteNoise's, further in
        and not request.path_info.startswith(settings.STATIC_URL)
        # the address a plain-HTTP request must be sent away from first
        and not (settings.SECURE_SSL_REDIRECT and not request.is_secure())
    )


def _key(request) -> str:
    """The entry of this address. The language is part of the path (the
    default language has no prefix), so the path alone tells pages apart."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    address = f"{request.path_info}?{request.META.get('QUERY_STRING', '')}"
    path = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"pagecache:{language}:{path}"


def _lookup(key: str):
    """(current generation, the valid entry at `key` or None): one round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    current, entry = found.get(GENERATION_KEY), found.get(key)
    if current is not None:
        _seen.remember(current)
    if entry is None or current is None or entry[0] != current:
        entry = None
    return current, entry


def _public_cache_control(response) -> None:
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    # Browsers revalidate every time (a 304 costs one cache round trip); a
    # shared cache may keep the page as long as the portal does.
    patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    patch_vary_headers(response, ["Cookie"])


def _not_modified(request, etag: str) -> bool:
    asked = request.headers.get("If-None-Match", "")
    return bool(asked) and (asked.strip() == "*" or etag in [t.strip() for t in asked.split(",")])


REVALIDATION_HEADERS = ("ETag", "Cache-Control", "Vary")
NOT_MODIFIED = "304 Not Modified"


def _answer(request, entry) -> HttpResponse:
    """The stored page as a response, for a hit that reached Django: the same
    status, headers and body the WSGI front sends (`_HeldPage.answer`)."""
    status, headers, body = _HeldPage(entry).answer(request)
    if status == NOT_MODIFIED:
        return HttpResponseNotModified(headers=dict(headers))
    return HttpResponse(body, headers=dict(headers))


def _store(request, response, key: str, current: int) -> None:
    etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
    response["ETag"] = etag
    _public_cache_control(response)
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in HEADERS_SKIPPED
    ]
    cache.set(key, (current, response.content, headers, etag), settings.PUBLIC_PAGE_CACHE_SECONDS)
    response["X-Page-Cache"] = "miss"


class PageCacheMiddleware:
    """Serves a visitor's request for a cached public page before the
    session, locale, authentication and messages middleware run; stores the
    pages `cache_public_page` marked; marks signed-in pages `private`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self._private(request, self.get_response(request))
        looked_up = request.META.pop(LOOKED_UP, None)  # by the WSGI front: a miss
        if looked_up is not None:
            key, current = looked_up
        else:
            key = _key(request)
            current, entry = _lookup(key)
            if entry is not None:
                return _answer(request, entry)
        response = self.get_response(request)
        if (
            getattr(response, "public_page", False)
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # e.g. a CSRF cookie: the page holds a form
            and not request.user.is_authenticated
        ):
            _store(request, response, key, current if current is not None else generation())
            if _not_modified(request, response["ETag"]):
                not_modified = HttpResponseNotModified()
                for name in ("ETag", "Cache-Control", "Vary", "X-Page-Cache"):
                    not_modified[name] = response[name]
                return not_modified
        return self._private(request, response)

    @staticmethod
    def _private(request, response):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_cache=True)
        return response


def cache_public_page(view):
    """Mark `view`'s anonymous responses as cacheable public pages (stored and
    served by `PageCacheMiddleware`)."""

    # Public pages only read; a cache hit then costs no database round trip.
    @transaction.non_atomic_requests
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _cacheable_request(request) and not request.user.is_authenticated:
            response.public_page = True
        return response

    return wrapper


class _HeldPage:
    """A cached page as it is sent: its headers as they were sent the first
    time (with the security policy, ETag, Cache-Control and Vary), worked out
    once, when the process first takes the entry."""

    __slots__ = ("body", "etag", "generation", "headers", "revalidation")

    def __init__(self, entry):
        self.generation, self.body, stored, self.etag = entry
        self.headers = [*stored, ("Content-Length", str(len(self.body))), ("X-Page-Cache", "hit")]
        self.revalidation = [
            (name, value) for name, value in stored if name in REVALIDATION_HEADERS
        ] + [("X-Page-Cache", "hit")]

    def answer(self, request):
        """(status line, headers, body) for this request."""
        request_id = (
            requestid.HEADER,
            requestid.from_header(request.headers.get(requestid.HEADER)),
        )
        if _not_modified(request, self.etag):
            return NOT_MODIFIED, [*self.revalidation, request_id], b""
        return "200 OK", [*self.headers, request_id], self.body


class PageCacheApplication:
    """Wraps the WSGI application: a visitor's request for a cached public
    page is answered here, before Django's handler, its signals, the URL
    resolver or any middleware runs; every other request goes on to Django
    unchanged. It reads the entries `PageCacheMiddleware` stores, with the same
    rules (`_cacheable_request`) and keys, and a host Django would refuse is
    left for Django to refuse. The pages this process was asked for last are
    held in memory and served while the content version it last saw (at most
    `PAGE_CACHE_RECHECK_SECONDS` ago) is theirs."""

    def __init__(self, application):
        self.application = application
        self._held: OrderedDict[str, _HeldPage] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        if settings.PUBLIC_PAGE_CACHE_SECONDS > 0 and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            request = WSGIRequest(environ)
            page = self._page(request)
            if page is not None:
                status, headers, body = page.answer(request)
                FRONT_HITS.labels(status[:3]).inc()
                start_response(status, headers)
                return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        return self.application(environ, start_response)

    def _page(self, request):
        if not _cacheable_request(request):
            return None
        try:
            request.get_host()
        except DisallowedHost:
            return None
        key = _key(request)
        held = self._held.get(key)
        if held is not None and held.generation == _seen.recent():
            with self._lock:
                if key in self._held:
                    self._held.move_to_end(key)  # the least asked go first
            return held
        current, entry = _lookup(key)
        if entry is None:
            request.META[LOOKED_UP] = (key, current)  # the environ Django gets
            return None
        held = _HeldPage(entry)
        with self._lock:
            self._held[key] = held
            self._held.move_to_end(key)
            while len(self._held) > settings.PAGE_CACHE_PROCESS_ENTRIES:
                self._held.popitem(last=False)
        return held
