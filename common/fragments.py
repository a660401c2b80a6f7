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
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.core.signals import setting_changed
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe


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


def cached_fragment(name: str, keys: tuple, render) -> SafeString:
    """The fragment `name` for the active language and `keys`: from the store,
    or `render()` once and stored."""
    key = (name, translation.get_language(), *keys)
    html = FRAGMENTS.get(key)
    if html is None:
        html = mark_safe(render())  # noqa: S308 - rendered by the template engine
        FRAGMENTS.set(key, html)
    return html


def _forget(**kwargs) -> None:
    FRAGMENTS.clear()


setting_changed.connect(_forget)
