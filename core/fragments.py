"""Template fragments kept in this process's memory: `{% keep %}` (core/templatetags/spravka.py).

A fragment here depends on the language and the code only (the logo and navigation, the footer,
a breadcrumb trail), never on content or on a visitor. Each process renders it once per key and
keeps the HTML until it restarts (a deploy). Content must never go in such a fragment.

Django's `{% cache %}` did the same job through a LocMemCache. Per use it resolved the timeout,
made an MD5 key, looked the cache up through the connection handler, checked the key character
by character for memcached's sake and unpickled the value. That was 13% of the template time
of an uncached search page. Here a use is one dict lookup.
"""

# A bound that the keys never reach (names × languages × script prefixes × URL namespaces); if
# a key ever took an unbounded value, memory would still not grow without end.
MAX_FRAGMENTS = 1000

_kept: dict[tuple, str] = {}


def get(key: tuple) -> str | None:
    return _kept.get(key)


def put(key: tuple, html: str) -> None:
    if len(_kept) >= MAX_FRAGMENTS:
        _kept.clear()
    _kept[key] = html


def clear() -> None:
    """Forget every fragment (tests that change a setting a fragment shows)."""
    _kept.clear()
