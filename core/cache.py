"""Public pages for anonymous visitors, kept in the cache and shared by proxies: never wrong.

A view decorated with @public_page is served from the cache (Redis when REDIS_URL is set, else
this process's memory) by PublicPageCacheMiddleware when all of these hold, and rendered otherwise:

- the request is a GET or HEAD without a session or messages cookie. Staff (logged in) and
  visitors who voted carry a session, and a pending "thank you" travels in the messages cookie:
  their pages may differ from everyone else's, so they are rendered for them alone and marked
  `Cache-Control: private`. A CDN in front must bypass its cache on the same two cookies.
- the rendered response was a 200 that set no cookie, did not read the session, did not put a
  CSRF token in the page, queued no message, does not vary on Cookie, and was not marked
  `private` or `no-store` by the view itself (a search for a card number: faq.views).

The key is the page's full address (scheme, host, path, query string: the path decides the
language) and whether the client takes gzip. Each entry records the *content version* it was
rendered under: a random token that every save or delete of a model a public page shows replaces
(invalidate_on(), called by each app's AppConfig.ready()); an entry of another version is never
served, so a staff edit shows on the next request. The version and the page are read in one
round trip. Votes do not bump it: "most helpful" lists may lag by PUBLIC_CACHE_SECONDS. Bulk
`QuerySet.update()` sends no signal: call bump_content_version() after one.

Pages that show the time ("open now", the heat map's current hour) are kept only until the next
minute boundary (changes_every_minute=True): the entry records when it stops being true, and the
check is made on every hit, so a 17:59 page is never served at 18:00.

Content that changes by the clock (a notice that starts or ends at a given time) is declared by
its app with register_expiry(fn): fn(now) returns the next moment the pages change, and no page
(nor its max-age) is kept past it. The function is asked on every miss, so it must be cheap (the
notices app reads one cache entry keyed by the content version; faq's scheduled articles too).

Each public response gets `Cache-Control: public, max-age=...` and an ETag (ConditionalGet-
Middleware answers If-None-Match with 304). With PUBLIC_CACHE_SECONDS = 0 nothing is cached.

The same middleware keeps, under the same key and version, pages that are private only because of
their CSRF and one-time tokens (the blank appeal form): core/token_pages.py.
"""

import functools
import hashlib
import math
import re
import secrets
import time
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from core import token_pages

VERSION_KEY = "public-pages:version"
KEY_PREFIX = "public-pages:page"
_SAFE_METHODS = ("GET", "HEAD")


# The version PublicPageCacheMiddleware read with the page (one round trip) for the request it is
# rendering: the clock hooks asked on a miss (notices, scheduled articles) key their own entries
# by it, and reading it again cost each of them another round trip.
_request_version: ContextVar[str | None] = ContextVar("public_pages_request_version", default=None)


def content_version() -> str:
    known = _request_version.get()
    if known is not None:
        return known
    version = cache.get(VERSION_KEY)
    if version is None:
        # First use, or the cache lost it (restart, eviction): a fresh token orphans every
        # entry written under the old one, so nothing stale can come back.
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(*args, **kwargs) -> None:
    """Every cached public page is out of date (a signal receiver, or call it by hand)."""
    # The version read at the start of this request is no longer the current one.
    _request_version.set(None)
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def kept_for_content(name: str, build):
    """`build()`'s value, computed once per content version (and at most PUBLIC_CACHE_SECONDS
    old) in each process: for parts of uncached pages that every request would compute alike
    from content, such as the topics and "most helpful" lists of a search that found nothing.
    `name` must say all the value depends on besides content (the language, for one)."""
    return kept_in_process(f"part:{name}", build)


# name → (content version, monotonic deadline, value): see kept_in_process().
_in_process: dict[str, tuple[str, float, object]] = {}


def kept_in_process(name: str, build, *, still=None):
    """`build()`'s value kept in this process's memory for the current content version, at most
    PUBLIC_CACHE_SECONDS: for the small values every uncached page reads (the synonym table,
    the notices, the next scheduled article), which cost a cache round trip each on every page
    render otherwise. The version is the one PublicPageCacheMiddleware already read with the
    page, so a hit costs nothing; a save on any host replaces the version in the shared cache,
    and every process rebuilds on its next request. `name` must say all the value depends on
    besides content (the language, for one). `still(value)`: whether a kept value still holds
    (for a value about the clock)."""
    seconds = settings.PUBLIC_CACHE_SECONDS
    if seconds <= 0:
        return build()
    version = content_version()
    now = time.monotonic()
    found = _in_process.get(name)
    if (
        found is not None
        and found[0] == version
        and found[1] > now
        and (still is None or still(found[2]))
    ):
        return found[2]
    value = build()
    _in_process[name] = (version, now + seconds, value)
    return value


def invalidate_on(*models, unshown_links: tuple[str, ...] = ()) -> None:
    """Saving or deleting any of these models (or changing their many-to-many links) makes
    every cached public page out of date. `unshown_links` names many-to-many fields no public
    page prints (e.g. appeals tagged with a notice): changing them keeps the cache."""
    for model in models:
        uid = f"public-pages:{model._meta.label}"
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            if field.name in unshown_links:
                continue
            through = field.remote_field.through
            m2m_changed.connect(
                bump_content_version, sender=through, dispatch_uid=f"{uid}:m2m:{field.name}"
            )


_expiry_hooks: list = []


def register_expiry(fn) -> None:
    """`fn(now: datetime) -> datetime | None`: the next moment after `now` at which public pages
    change without anyone saving anything (AppConfig.ready() registers it; once per function)."""
    if fn not in _expiry_hooks:
        _expiry_hooks.append(fn)


def next_change(now: float) -> float | None:
    """The earliest moment (a timestamp) after `now` any registered app says pages change."""
    moment = datetime.fromtimestamp(now, tz=UTC)
    found = [fn(moment) for fn in _expiry_hooks]
    stamps = [when.timestamp() for when in found if when is not None and when.timestamp() > now]
    return min(stamps, default=None)


def clock_period(now: float | None = None) -> str:
    """Part of a cache key for something kept without an expiry check of its own: it changes
    when a registered change (a notice's start or end) passes, so what was rendered before it is
    never found after it, whatever the cache's own clock says."""
    now = timezone.now().timestamp() if now is None else now
    change = next_change(now)
    return "-" if change is None else str(int(change))


def cache_seconds(now: float | None = None) -> int:
    """How long something rendered now may be kept: PUBLIC_CACHE_SECONDS, less when a
    registered change comes sooner (at least 1 second)."""
    now = timezone.now().timestamp() if now is None else now
    seconds = settings.PUBLIC_CACHE_SECONDS
    change = next_change(now)
    if change is not None:
        seconds = min(seconds, max(1, math.ceil(change - now)))
    return seconds


def has_session(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def has_visitor_state(request) -> bool:
    """Whether the visitor brings a session (staff, voters) or a message waiting to be shown."""
    return has_session(request) or CookieStorage.cookie_name in request.COOKIES


# gzip level for compress_fast pages: about twice as fast as Django's 6 on a search page, for
# ~15% more bytes.
FAST_GZIP_LEVEL = 1


def public_page(view=None, *, changes_every_minute: bool = False, compress_fast: bool = False):
    """Mark the view's page as shareable for anonymous visitors (see above); the page itself is
    kept and served by PublicPageCacheMiddleware, at the outer edge of the middleware stack.

    compress_fast: most of its addresses are asked for once (search results, one per query), so
    the time compression takes counts for more than the bytes it saves: gzip level 1, not 6."""
    if view is None:
        return functools.partial(
            public_page, changes_every_minute=changes_every_minute, compress_fast=compress_fast
        )

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PUBLIC_CACHE_SECONDS
        response = view(request, *args, **kwargs)
        if request.method not in _SAFE_METHODS:
            return response
        if has_visitor_state(request) or seconds <= 0:
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if getattr(response, "is_rendered", True) is False:
            response.render()  # a TemplateResponse (the sitemaps): its bytes are what we keep
        if not _shareable(request, response):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        now = timezone.now().timestamp()  # what the views see as "now", frozen in tests too
        until = now + seconds
        if changes_every_minute:
            until = min(until, (math.floor(now / 60) + 1) * 60)
        change = next_change(now)
        if change is not None:
            until = min(until, change)
        response.public_until = until
        if compress_fast:
            response.gzip_level = FAST_GZIP_LEVEL  # core.middleware.PublicGZipMiddleware
        patch_cache_control(response, public=True, max_age=_max_age(until, now))
        return response

    return wrapper


class PublicPageCacheMiddleware:
    """Serves and keeps the pages @public_page marked, before any other middleware runs.

    Placed right after WhiteNoise: a hit costs one cache round trip (the content version and the
    page in one get_many) and none of the session, locale, CSRF, auth, messages or CSP work, which
    is what lets a cached page answer at a rate close to a static file's. What is kept is the final
    response as the inner middlewares left it (security headers, CSP, gzip for clients that take
    it, the ETag), so a hit is byte for byte what a miss would have sent. Only requests without a
    session or messages cookie are looked up; the view's decorator decides what may be kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in _SAFE_METHODS or has_visitor_state(request):
            return self.get_response(request)
        if settings.PUBLIC_CACHE_SECONDS <= 0:
            return self.get_response(request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        entry, version = found.get(key), found.get(VERSION_KEY)
        now = timezone.now().timestamp()
        if entry is not None and entry["version"] == version and entry["until"] > now:
            if "depends" not in entry:
                return _replay(request, entry, now)
            if token_pages.still_valid(entry):
                return token_pages.fill(request, entry)
        known = _request_version.set(version)
        try:
            response = self.get_response(request)
        finally:
            _request_version.reset(known)
        if token_pages.kept(response) is not None and request.method == "GET":
            # A private page but for its tokens (core/token_pages.py): kept without them, and
            # without the cookie the CSRF middleware may have set for this visitor.
            # Not past the next registered change (a notice's start or end): the form shows it.
            seconds = cache_seconds(now)
            entry = {
                "version": version or content_version(),
                "until": now + seconds,
                **token_pages.entry_fields(response),
            }
            cache.set(key, entry, timeout=seconds)
            return response
        until = getattr(response, "public_until", None)
        if (
            until is None
            or request.method != "GET"
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or "cookie" in response.get("Vary", "").lower()
        ):
            return response
        entry = {
            "version": version or content_version(),
            "until": until,
            "content": response.content,
            "headers": dict(response.headers),
        }
        # Not waiting for Redis to confirm the write (core.redis_cache.set_unconfirmed): a lost
        # write is one more render, and the wait was a tenth of an uncached page's time.
        keep = getattr(cache, "set_unconfirmed", cache.set)
        keep(key, entry, timeout=max(1, math.ceil(until - now)))
        return response


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _key(request) -> str:
    # The language is the path's (i18n_patterns): the address decides it. Whether the client
    # takes gzip decides which bytes it gets (the response says Vary: Accept-Encoding).
    gzip = bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    address = f"{int(gzip)} {request.build_absolute_uri()}"
    return f"{KEY_PREFIX}:{hashlib.sha256(address.encode()).hexdigest()}"


def _max_age(until, now) -> int:
    return max(0, min(settings.PUBLIC_CACHE_SECONDS, math.floor(until - now)))


def _shareable(request, response) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and (session.accessed or session.modified))
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (messages is not None and messages._queued_messages)
        and "cookie" not in response.get("Vary", "").lower()
        and not _kept_private(response)
    )


def _kept_private(response) -> bool:
    """The view marked its page for this visitor only (Cache-Control: private or no-store)."""
    header = response.get("Cache-Control", "")
    directives = {part.split("=", 1)[0].strip().lower() for part in header.split(",")}
    return not directives.isdisjoint({"private", "no-store"})


def _replay(request, entry, now) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    patch_cache_control(response, public=True, max_age=_max_age(entry["until"], now))
    etag = response.get("ETag")
    if etag:
        # What ConditionalGetMiddleware does on a miss: If-None-Match → 304.
        return get_conditional_response(request, etag=etag, response=response)
    return response
