import functools

from django.conf import settings
from django.http import QueryDict
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils.translation import get_language

from core.cards import mask_cards
from core.paths import local_path

# Set by the 404 view: the same path in the other language would be missing too.
NOT_FOUND_ATTR = "spravka_page_not_found"


def _switch_paths(request, alternates: dict[str, str]) -> dict[str, str]:
    """Where the language switch leads: the same page with its query string (search results
    stay results); from a missing page, the other language's home page, which exists."""
    if getattr(request, NOT_FOUND_ATTR, False):
        return {code: translate_url("/", code) for code in alternates}
    query = _query_for_links(request.GET)
    return {code: path + (f"?{query}" if query else "") for code, path in alternates.items()}


def _query_for_links(get) -> str:
    """The query string, re-encoded (the raw QUERY_STRING may be undecoded bytes), with card
    numbers masked: a page that repeats its address in a link must not print a card number a
    visitor typed (search), nor hand it to a cache that keeps the page."""
    masked = QueryDict(mutable=True)
    for key, values in get.lists():
        masked.setlist(key, [mask_cards(value).text for value in values])
    return masked.urlencode()


@functools.lru_cache(maxsize=2048)
def _translated(path: str, code: str, script_prefix: str, urlconf) -> str:
    """The same page's path in another language: a resolve() and a reverse() per language on
    every page render, so remembered (per the script prefix and URLconf they read; bounded,
    as a missing page's path can be anything)."""
    return local_path(translate_url(path, code))


def site(request):
    """What every page's <head> and header need: canonical and alternate-language URLs."""
    # Built from the requested path, which on a 404 can be anything ("//evil.example/x").
    path = local_path(request.path)
    prefix, urlconf = get_script_prefix(), get_urlconf()
    alternates = {
        code: _translated(path, code, prefix, urlconf) for code, _name in settings.LANGUAGES
    }
    switch = _switch_paths(request, alternates)
    return {
        "SITE_URL": settings.SITE_URL,
        # Part of every {% keep %} fragment's key that prints a link (set per request by the
        # server's SCRIPT_NAME).
        "SCRIPT_PREFIX": prefix,
        "canonical_url": settings.SITE_URL + path,
        "alternate_urls": [
            {
                "code": code,
                "name": name,
                "url": settings.SITE_URL + alternates[code],
                "path": switch[code],
                "current": code == get_language(),
            }
            for code, name in settings.LANGUAGES
        ],
    }
