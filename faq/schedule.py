"""Scheduled publishing and the page cache: no cached page outlives the next scheduled change.

published() compares publish_at/unpublish_at with the time of each query, so lists, search,
the sitemap and category counts follow the schedule by themselves. Cached pages do not re-run
queries: this hook (core.cache.register_expiry) tells the cache when the next article appears
or disappears, and no page is kept past that moment.
"""

from django.core.cache import cache
from django.utils import timezone

from core.cache import content_version

# "Nothing scheduled", cached: a schedule can only be added by a save, which bumps the version.
_NONE = 0


def next_scheduled_change() -> float | None:
    """UNIX time of the next publish_at/unpublish_at after now, or None.

    Kept in the cache under the content version (a save makes a new key), so a page render costs
    one cache read, not a query; once the moment has passed it is looked up again.
    """
    from faq.models import Article

    now = timezone.now()
    key = f"faq:next-scheduled-change:{content_version()}"
    cached = cache.get(key)
    if cached == _NONE:
        return None
    if cached is not None and cached > now.timestamp():
        return cached
    moment = Article.objects.scheduled_changes_after(now)
    value = moment.timestamp() if moment else _NONE
    cache.set(key, value, timeout=24 * 3600)
    return value or None
