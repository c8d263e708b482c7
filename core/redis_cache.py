"""A Redis cache that never takes a page down with it.

Django's own RedisCache raises when Redis is unreachable or hangs, so one missing cache server
turned every page that touches the cache into a 500. This backend (set in CACHES when REDIS_URL is
set) treats an unreachable Redis as an empty cache: reads miss, writes are dropped, a warning is
logged. Every caller (page caching, rate limits, anything added later) gets that for free, which
is why this is a backend rather than wrapper functions each caller would have to remember.

After a failure the backend does not touch Redis for REDIS_RETRY_SECONDS, so a Redis that accepts
connections and never answers costs one socket timeout per worker per pause, not one per call.

Counters are the exception: `incr` and `decr` raise CacheUnavailable, because a caller that counts
(core.ratelimit) must know the count was not made and fall back to another store.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class _ReusedClientRedisCacheClient(RedisCacheClient):
    """Django builds a new redis.Redis object for every cache call (its constructor fills a table
    of ~170 response callbacks: about a fifth of a cached page's cost). One client per connection
    pool is enough: redis.Redis is thread-safe and borrows a pooled connection for each command."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients.setdefault(id(pool), self._client(connection_pool=pool))
        return client


class CacheUnavailable(Exception):
    """The shared cache could not be reached; nothing was counted."""


def redis_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import RedisError

    # OSError: socket errors that redis-py lets through on some paths (DNS, refused).
    return (RedisError, OSError)


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientRedisCacheClient
        self._down_until = 0.0
        self._reply_skip: bool | None = None  # see _skips_replies()

    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, operation: str, exc: BaseException) -> None:
        pause = getattr(settings, "REDIS_RETRY_SECONDS", 5)
        self._down_until = time.monotonic() + pause
        logger.warning(
            "Cache (Redis) unavailable during %s: %s: %s; carrying on without it for %ss",
            operation,
            type(exc).__name__,
            exc,
            pause,
        )

    def _try(self, operation: str, call, fallback):
        if not self._available():
            return fallback
        try:
            return call()
        except redis_errors() as exc:
            self._failed(operation, exc)
            return fallback

    def ping(self) -> None:
        """For /healthz: raises if Redis does not answer, pause or not."""
        self._cache.get_client(write=False).ping()

    def get(self, key, default=None, version=None):
        parent = super()
        return self._try("get", lambda: parent.get(key, default, version), default)

    def get_many(self, keys, version=None):
        parent = super()
        return self._try("get_many", lambda: parent.get_many(keys, version), {})

    def has_key(self, key, version=None):
        parent = super()
        return self._try("has_key", lambda: parent.has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._try("set", lambda: parent.set(key, value, timeout, version), None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._try("add", lambda: parent.add(key, value, timeout, version), False)

    def set_unconfirmed(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        """set(), without waiting for Redis to answer: for writes that only spare later work (a
        rendered page), where a lost write costs one more render. `CLIENT REPLY SKIP` tells
        Redis not to answer the SET (errors included) and both go out in one packet.

        An uncached page waited twice for Redis (the lookup, then the write), and on a busy
        machine each wait is as long as Redis takes to be scheduled: the write's wait was ~10% of
        an uncached search page's time. Another connection's read may briefly not see the page
        yet; that is a miss, and the page is rendered again."""
        if not self._skips_replies():
            self.set(key, value, timeout, version)
            return
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            self.delete(key, version)  # what set() does with a timeout of 0
            return
        if not self._available():
            return
        key = self.make_and_validate_key(key, version=version)
        command = ["SET", key, self._cache._serializer.dumps(value)]
        if timeout is not None:
            command += ["EX", timeout]
        pool = self._cache._get_connection_pool(True)
        try:
            connection = pool.get_connection()
        except redis_errors() as exc:
            self._failed("set", exc)
            return
        try:
            connection.send_packed_command(
                connection.pack_commands([("CLIENT", "REPLY", "SKIP"), command])
            )
        except redis_errors() as exc:
            connection.disconnect()
            self._failed("set", exc)
        finally:
            pool.release(connection)

    def _skips_replies(self) -> bool:
        """Whether this server takes CLIENT REPLY (Redis 3.2+; a proxy or a provider that
        blocks CLIENT commands does not): asked once per process, with a confirmed command.
        Without it, the server would answer the SET after all and the connection would hand
        that answer to the next command."""
        if self._reply_skip is None:
            from redis.exceptions import ResponseError

            if not self._available():
                return False
            try:
                self._cache.get_client(write=True).execute_command("CLIENT", "REPLY", "ON")
            except ResponseError:
                self._reply_skip = False
            except redis_errors() as exc:
                self._failed("CLIENT REPLY", exc)
                return False
            else:
                self._reply_skip = True
        return self._reply_skip

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._try("set_many", lambda: parent.set_many(data, timeout, version), list(data))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        parent = super()
        return self._try("touch", lambda: parent.touch(key, timeout, version), False)

    def delete(self, key, version=None):
        parent = super()
        return self._try("delete", lambda: parent.delete(key, version), False)

    def delete_many(self, keys, version=None):
        parent = super()
        return self._try("delete_many", lambda: parent.delete_many(keys, version), None)

    def clear(self):
        parent = super()
        return self._try("clear", lambda: parent.clear(), False)

    def incr(self, key, delta=1, version=None):
        parent = super()
        return self._count("incr", lambda: parent.incr(key, delta, version))

    def decr(self, key, delta=1, version=None):
        parent = super()
        return self._count("decr", lambda: parent.decr(key, delta, version))

    def _count(self, operation: str, call):
        if not self._available():
            raise CacheUnavailable("Redis paused after a recent failure")
        try:
            return call()
        except redis_errors() as exc:
            self._failed(operation, exc)
            raise CacheUnavailable(str(exc)) from exc
