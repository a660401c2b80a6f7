"""Parts of a page that are the same for every visitor of a language, rendered
once per process and reused.

The base layout's header, navigation, language links and footer depend only on
the interface language, the address and a few yes/no answers about the reader
(signed in, may review, ...), never on the database's content. Rendering them
costs more than many a page's own content, so `{% fragment %}` keeps each
variant's HTML in a small per-process LRU, keyed by the fragment's name, the
active language and the values the template names:

    {% load fragments %}
    {% fragment "nav" here url_name nav_key %} ... {% endfragment %}

Everything that can differ between two readers of the same key must be in the
key: the fragment's body sees the full context on a miss, and a hit replays
it. No per-request secret (a CSRF token) may be inside one. A change of
settings (tests) empties the store.

Parts made of the database's content (a list's filter widgets with their
choices, a page's headline figures) use `{% cachedblock %}` instead: kept in
the shared cache, keyed by the language, the given values and the *content
version* (the generation that every change to public content and every name
translation bumps, see common/pagecache.py and common/names.py), and retired
after CONTENT_BLOCK_CACHE_SECONDS at most (a minute: what changes with the
clock alone, a scheduled article or an event that has passed, is late by that
much at most). A process keeps the blocks it read or rendered lately in
memory for a few seconds more (`BLOCK_PROCESS_SECONDS`): their key names one
rendering, content version included, so a change still shows at once.
Nothing in such a block may depend on the reader unless the reader is in its
key (`{% reader_scope %}`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import setting_changed
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from common.cache import current_version


class LRU:
    """A bounded mapping, least recently used first out; thread-safe."""

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def set(self, key: Hashable, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


FRAGMENTS = LRU(4096)
# Content blocks this process read or rendered lately, each kept
# BLOCK_PROCESS_SECONDS at most (their own key is in the shared cache).
BLOCKS = LRU(1024)
BLOCK_PROCESS_SECONDS = 5


def cached_fragment(name: str, keys: tuple, render) -> SafeString:
    """The fragment `name` for the active language and `keys`: from the store,
    or `render()` once and stored."""
    key = (name, translation.get_language(), *keys)
    html = FRAGMENTS.get(key)
    if html is None:
        html = mark_safe(render())  # noqa: S308 - rendered by the template engine
        FRAGMENTS.set(key, html)
    return html


def block_seconds() -> int:
    """How long a content block is kept at most (0: not kept, as in tests)."""
    return settings.CONTENT_BLOCK_CACHE_SECONDS


# The content version read in this request (a dict per request, set by
# `content_scope`; outside one, e.g. in a task, it is read each time).
_request_versions: ContextVar[dict | None] = ContextVar("content_versions", default=None)


@contextmanager
def content_scope():
    """Read the content version at most once inside (each request is one:
    common.names.NameScopeMiddleware)."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def forget_content_version() -> None:
    """A change made in this request: the next block or value it asks for
    reads the new version."""
    memo = _request_versions.get()
    if memo is not None:
        memo.pop("version", None)


def content_version() -> str:
    """The version of the public content and of the names: one cache round
    trip, asked once per request (`content_scope`)."""
    memo = _request_versions.get()
    version = memo.get("version") if memo is not None else None
    if version is None:
        from common.names import GENERATION_KEY as NAMES_KEY
        from common.pagecache import GENERATION_KEY as PAGES_KEY

        found = cache.get_many([PAGES_KEY, NAMES_KEY])
        pages, names = (
            found.get(key) or current_version(key) or 0 for key in (PAGES_KEY, NAMES_KEY)
        )
        version = f"{pages}.{names}"
        if memo is not None:
            memo["version"] = version
    return version


def cached_block(name: str, keys: tuple, render, request=None) -> SafeString:
    """The block `name` for the active language, `keys` and the current
    content version: from the shared cache, or `render()` once and stored."""
    digest = hashlib.sha256("\x1f".join(keys).encode()).hexdigest()[:32]
    key = (
        f"block:{name}:{translation.get_language()}:{timezone.get_current_timezone_name()}:"
        f"{content_version()}:{digest}"
    )
    seconds = block_seconds()
    if request is not None and request.method not in ("GET", "HEAD"):
        seconds = 0  # a form sent back with its errors is never kept, nor replaced
    if not seconds:
        return mark_safe(render())  # noqa: S308 - rendered by the template engine
    # A key names one rendering for good (its content version included), so
    # the process may keep what it read for a few seconds without asking again.
    now = time.monotonic()
    held = BLOCKS.get(key)
    if held is not None and held[1] > now:
        return mark_safe(held[0])  # noqa: S308
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, seconds)
    BLOCKS.set(key, (html, now + min(seconds, BLOCK_PROCESS_SECONDS)))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine


def cached_for_content(name: str, parts: tuple, compute, *, seconds: int | None = None):
    """`compute()`, a value made only of content (rows every change to which
    bumps the content version), kept in the shared cache under `name`,
    `parts` and the content version; computed every time when
    CONTENT_BLOCK_CACHE_SECONDS is 0 (tests) or `seconds` is 0."""
    seconds = block_seconds() if seconds is None else seconds
    if not seconds:
        return compute()
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:40]
    key = f"{name}:{content_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_for_selection(name: str, queryset, compute, language: str | None = None):
    """`compute()`, a value derived from the rows `queryset` selects, kept in
    the shared cache under the SQL of that selection (a visitor's, a role's,
    a filter's), the language and the content version. An empty selection
    (`.none()`) and CONTENT_BLOCK_CACHE_SECONDS=0 compute it every time."""
    seconds = block_seconds()
    if not seconds:
        return compute()
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return compute()
    return cached_for_content(
        name, (language or translation.get_language(), sql, repr(params)), compute, seconds=seconds
    )


def _forget(**kwargs) -> None:
    FRAGMENTS.clear()
    BLOCKS.clear()


setting_changed.connect(_forget)


class Deferred:
    """A value for a template's context computed only if the template asks
    for it, at most once: a view hands its queries to a `{% cachedblock %}`
    this way, and a hit runs none of them."""

    def __init__(self, compute):
        self._compute = compute
        self._done = False
        self._value = None

    # Asked by the template engine of every callable it meets.
    do_not_call_in_templates = False
    alters_data = False

    def __call__(self):
        if not self._done:
            self._value, self._done = self._compute(), True
        return self._value

    # Python code (a test reading a response's context) sees the value.
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self(), name)

    def __iter__(self):
        return iter(self())

    def __len__(self):
        return len(self())

    def __bool__(self):
        return bool(self())

    def __getitem__(self, key):
        return self()[key]

    def __eq__(self, other):
        return self() == other

    __hash__ = None


def deferred_pair(compute) -> tuple[Deferred, Deferred]:
    """Two context values from one computation of a pair (a page of a list
    and its query string), each computed only if a template asks for it."""
    both = Deferred(compute)
    return Deferred(lambda: both()[0]), Deferred(lambda: both()[1])
