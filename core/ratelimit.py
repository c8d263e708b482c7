"""Per-address limits, shared by every worker and host.

Counted in Redis when the default cache is Redis (`add` then `incr` is atomic there); otherwise,
and whenever Redis cannot be reached, in the database (core.models.RateCounter), so that three
workers never mean three times the limit and an unreachable Redis never stops a visitor from
filing an appeal. Only the per-process memory cache is never used for counting.
"""

import ipaddress
import logging
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from core.redis_cache import CacheUnavailable, redis_errors

logger = logging.getLogger(__name__)


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless TICKETS_TRUSTED_PROXY_COUNT says that many proxies of ours append to
    X-Forwarded-For: then the address the outermost of them saw. Entries further left are
    whatever the client wrote and are never trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TICKETS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                return remote
            return candidate
    return remote


def _bucket(ip: str) -> str:
    # One IPv6 customer gets a whole /64: counting single addresses would be no limit at all.
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _count_in_cache(key: str, timeout: int) -> int:
    """Raises CacheUnavailable when Redis is down (see core.redis_cache)."""
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr, or `add` was dropped by a failing Redis
        cache.set(key, 1, timeout=timeout)
        # A dropped `set` leaves nothing behind: ask once more, so a Redis that is down raises.
        return cache.incr(key, 0)


def _count_in_database(key: str, window_start: datetime, expires_at: datetime) -> int:
    from core.models import RateCounter

    rows = RateCounter.objects.filter(key=key, window_start=window_start)
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        key=key, window_start=window_start, expires_at=expires_at, count=1
                    )
            except IntegrityError:  # another worker created it first: count on its row
                rows.update(count=F("count") + 1)
            else:
                # A new window began for this key: the right moment to drop expired counters.
                RateCounter.objects.filter(expires_at__lt=timezone.now()).delete()
        # Our UPDATE holds the row until commit, so this is our own count, not a later one.
        return rows.values_list("count", flat=True).get()


def limit_reached(
    request: HttpRequest, *, scope: str, limit: int, window: int | None = None
) -> bool:
    """Counts one more action of this kind from this address; True once it is over the limit
    for the current window (`window` seconds, TICKETS_RATE_WINDOW by default)."""
    if limit <= 0:
        return False
    window = window or settings.TICKETS_RATE_WINDOW
    number = int(time.time() // window)
    key = f"rate:{scope}:{_bucket(client_ip(request))}"
    key = f"{key}:{window}"
    if isinstance(caches["default"], RedisCache):
        try:
            return _count_in_cache(f"{key}:{number}", window + 60) > limit
        except (CacheUnavailable, *redis_errors()):
            logger.warning("Rate limit %r counted in the database: the cache is unavailable", scope)
    start = datetime.fromtimestamp(number * window, tz=UTC)
    count = _count_in_database(key, start, start + timedelta(seconds=window + 60))
    return count > limit
