"""Django's Redis cache, degrading to a miss while Redis is away.

A cache is an optimisation: when Redis restarts, pages must still be served
(from the database), not fail with a 500. Reads answer "not cached", writes
are dropped, and the failure is logged once a minute per process; the next
call after Redis is back uses it again (redis-py reconnects by itself).
"""

import logging
import time

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
OUTAGES = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool.

    Django makes a new `redis.Redis` for every cache operation; redis-py
    builds its table of response callbacks (some 170 entries) in each one,
    which costs more than the round trip to Redis on a page-cache hit. A
    `redis.Redis` is safe to share between threads (each command takes a
    connection from the pool), so one per pool serves every operation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _degraded(self, operation, error, fallback):
        now = time.monotonic()
        if now - DegradingRedisCache._last_warning > 60:
            DegradingRedisCache._last_warning = now
            logger.warning("Cache unavailable (%s: %s): serving without it", operation, error)
        return fallback

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except OUTAGES as error:
            return self._degraded("add", error, False)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except OUTAGES as error:
            return self._degraded("get", error, default)

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except OUTAGES as error:
            return self._degraded("set", error, None)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except OUTAGES as error:
            return self._degraded("touch", error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except OUTAGES as error:
            return self._degraded("delete", error, False)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except OUTAGES as error:
            return self._degraded("get_many", error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except OUTAGES as error:
            return self._degraded("has_key", error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except OUTAGES as error:
            self._degraded("incr", error, None)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except OUTAGES as error:
            return self._degraded("set_many", error, list(data))

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except OUTAGES as error:
            return self._degraded("delete_many", error, None)

    def clear(self):
        try:
            return super().clear()
        except OUTAGES as error:
            return self._degraded("clear", error, False)


# --- Version counters: the content version of the page cache and blocks,
# the names' version (common/pagecache.py, common/names.py).


def version_start() -> int:
    """Where a version counter starts when the cache has none (first use, or
    after the cache was emptied or restarted): the time in microseconds, so a
    new series never repeats the numbers of an earlier one, and nothing a
    process keeps in memory under an old number is taken for current."""
    return time.time_ns() // 1000


def current_version(key: str) -> int | None:
    """The counter at `key`, started if missing (None while the cache is away)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, version_start(), timeout=None)
        value = cache.get(key)
    return value


def bump_version(key: str) -> None:
    """A new number at `key`: what was kept under the old one retires."""
    try:
        cache.incr(key)
    except ValueError:  # missing: a new series
        cache.add(key, version_start(), timeout=None)
