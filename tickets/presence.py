"""Who has an appeal open in admin right now: kept in the cache, refreshed by a heartbeat.

One cache entry per appeal maps each staff member's id to when they opened the page and when
their page last said it is still open. An entry older than TICKETS_PRESENCE_SECONDS (a closed
tab stops its heartbeat) is dropped. The cache is the shared Redis in production; with Redis
down (core.redis_cache treats it as empty) or with the per-process cache of a local run, nobody
is shown as present: a missing warning, never an error. Two agents' heartbeats arriving in the
same instant may overwrite each other's entry; the next heartbeat, 30 s later, restores it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Presence:
    name: str
    since: datetime


def _key(appeal_id: int) -> str:
    return f"tickets:presence:{appeal_id}"


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def visit(*, appeal_id: int, user, now: datetime | None = None) -> list[Presence]:
    """Records that `user` has the appeal open; returns the others who have it open too."""
    now_ts = (now or timezone.now()).timestamp()
    ttl = settings.TICKETS_PRESENCE_SECONDS
    seen = {
        uid: entry
        for uid, entry in (cache.get(_key(appeal_id)) or {}).items()
        if now_ts - entry["last"] < ttl
    }
    mine = seen.get(user.pk)
    seen[user.pk] = {
        "name": _name(user),
        "since": mine["since"] if mine else now_ts,
        "last": now_ts,
    }
    cache.set(_key(appeal_id), seen, ttl)
    return [
        Presence(name=entry["name"], since=datetime.fromtimestamp(entry["since"], tz=UTC))
        for uid, entry in sorted(seen.items(), key=lambda item: item[1]["since"])
        if uid != user.pk
    ]
