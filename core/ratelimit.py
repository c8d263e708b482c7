"""Per-address limits through the Django cache: `cache.add` then `cache.incr` is atomic on
Redis (shared by all workers) and on the local-memory cache of a single-process run."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def limit_reached(
    request: HttpRequest, *, scope: str, limit: int, window: int | None = None
) -> bool:
    """Counts one more action of this kind from this address; True once it is over the limit
    for the current window (`window` seconds, TICKETS_RATE_WINDOW by default)."""
    if limit <= 0:
        return False
    window = window or settings.TICKETS_RATE_WINDOW
    key = f"rate:{scope}:{_bucket(client_ip(request))}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    return count > limit
