"""What /healthz checks. Apps add their own details (the outbox's age) through `register`, so
that core imports no app.

A check returns a value for the JSON ("ok" or details); raising means "error". Only critical
checks (database, cache) turn the answer into a 503; details are for monitoring to judge.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import caches
from django.db import connections

from core.db import close_connections

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    run: Callable[[], object]
    critical: bool


_checks: dict[str, Check] = {}


def register(name: str, *, critical: bool = False):
    def decorator(function):
        _checks[name] = Check(name, function, critical)
        return function

    return decorator


@register("database", critical=True)
def database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


@register("cache", critical=True)
def cache() -> str:
    backend = caches["default"]
    ping = getattr(backend, "ping", None)
    if ping is not None:
        ping()  # the tolerant Redis backend would swallow a failed get/set; ping raises
    else:
        backend.set("healthz", "ok", 10)
        if backend.get("healthz") != "ok":
            raise RuntimeError("the cache does not keep what it is given")
    return "ok"


def run_all() -> tuple[bool, dict]:
    healthy, results = True, {}
    for check in _checks.values():
        try:
            results[check.name] = check.run()
        except Exception as exc:
            logger.warning("Health check %r failed: %s: %s", check.name, type(exc).__name__, exc)
            results[check.name] = "error"
            if check.critical:
                healthy = False
                if check.name == "database":
                    # Drop the broken connection so that the next request starts afresh.
                    close_connections()
    return healthy, results
