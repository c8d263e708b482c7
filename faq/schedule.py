"""Scheduled publishing and the page cache: no cached page outlives the next scheduled change.

published() compares publish_at/unpublish_at with the time of each query, so lists, search,
the sitemap and category counts follow the schedule by themselves. Cached pages do not re-run
queries: this hook (core.cache.register_expiry) tells the cache when the next article appears
or disappears, and no page is kept past that moment.
"""

from datetime import UTC, datetime

from django.core.cache import cache

from core.cache import content_version, kept_in_process

# "Nothing scheduled", cached: a schedule can only be added by a save, which bumps the version.
_NONE = 0


def next_scheduled_change(now: datetime) -> datetime | None:
    """The next publish_at/unpublish_at after `now`, or None (core.cache.register_expiry's
    signature: the cache asks with the moment it is deciding about).

    Kept under the content version (a save makes a new key) in this process and in the shared
    cache, so a page render costs no round trip and the database is asked once per content
    change; once the moment has passed it is looked up again.
    """
    stamp = kept_in_process(
        "faq:next-scheduled-change",
        lambda: _shared_next_change(now),
        still=lambda stamp: stamp == _NONE or stamp > now.timestamp(),
    )
    return None if stamp == _NONE else datetime.fromtimestamp(stamp, tz=UTC)


def _shared_next_change(now: datetime) -> float:
    from faq.models import Article

    key = f"faq:next-scheduled-change:{content_version()}"
    cached = cache.get(key)
    if cached is not None and (cached == _NONE or cached > now.timestamp()):
        return cached
    moment = Article.objects.scheduled_changes_after(now)
    stamp = moment.timestamp() if moment else _NONE
    cache.set(key, stamp, timeout=24 * 3600)
    return stamp
