"""Pages that are the same for everyone but two tokens: kept once, served with fresh tokens.

The blank appeal form carries a CSRF token and a one-time form token, both the visitor's own,
so it can never be shared by a proxy. Everything else on it is the same for every visitor of an
address, and rendering it (and running the session, locale, CSRF, auth, messages and CSP
middleware around the view) was most of the request's cost. A view marks such a page with
keep_with_tokens(); PublicPageCacheMiddleware (core/cache.py) keeps it with both tokens cut out,
under the same key and content version as a public page, and answers the next visitors from there
with tokens of their own (fill()): no view, no session, no database.

The CSRF half is Django's own code: CsrfViewMiddleware reads the visitor's cookie (a visitor who
has one keeps it), get_token() masks that secret afresh (or makes a new one) and the middleware
sets the cookie when it is new, exactly as on a rendered page. The kept copy holds no token:
keep_with_tokens() refuses a page in which a token does not appear exactly once.
"""

import re
import secrets

from django.conf import settings
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token

_CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
# Stand-ins for the two per-visitor values in the kept copy; NUL never occurs in a page.
CSRF_HOLE = b"\x00csrf\x00"
TOKEN_HOLE = b"\x00one-time-token\x00"
KEPT_ATTR = "spravka_kept_with_tokens"
# Sent again with each copy; the length is that copy's own.
_NOT_KEPT_HEADERS = {"content-length"}

_csrf = CsrfViewMiddleware(lambda request: None)


def one_time_token() -> str:
    """A random token for a form's double-submit protection (what fill() puts in its hole)."""
    return secrets.token_urlsafe(24)


def keep_with_tokens(request, response, *, one_time: str, depends_on=()) -> None:
    """Mark the page of a GET as the same for every visitor but its CSRF token and the one-time
    token `one_time` (from one_time_token()). `depends_on`: names of settings the page prints,
    so that a changed setting is never answered from the old copy."""
    if (
        request.method != "GET"
        or settings.PUBLIC_CACHE_SECONDS <= 0
        or settings.CSRF_USE_SESSIONS  # the secret would be in the session: no early answer
        or response.status_code != 200
        or response.streaming
    ):
        return
    content = response.content
    found = _CSRF_INPUT.search(content)
    csrf = found.group(1) if found else b""
    token = one_time.encode()
    # {% csrf_token %} masks the secret afresh each time it is rendered: the page holds one.
    if not csrf or content.count(csrf) != 1 or content.count(token) != 1:
        return  # the template changed shape: never keep what cannot be refilled
    setattr(
        response,
        KEPT_ATTR,
        {
            "content": content.replace(csrf, CSRF_HOLE).replace(token, TOKEN_HOLE),
            "depends": {name: getattr(settings, name) for name in depends_on},
        },
    )


def kept(response) -> dict | None:
    return getattr(response, KEPT_ATTR, None)


def entry_fields(response) -> dict:
    """What the cache keeps of a marked response: the holed page and its final headers."""
    marked = kept(response)
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in _NOT_KEPT_HEADERS
    }
    return {"content": marked["content"], "headers": headers, "depends": marked["depends"]}


def still_valid(entry) -> bool:
    return all(getattr(settings, name) == value for name, value in entry["depends"].items())


def fill(request, entry) -> HttpResponse:
    """A copy of the kept page with this visitor's CSRF token and a new one-time token."""
    _csrf.process_request(request)  # the visitor's cookie secret, if well-formed
    csrf = get_token(request).encode()  # a new secret if none (the cookie is set below)
    content = entry["content"].replace(CSRF_HOLE, csrf)
    content = content.replace(TOKEN_HOLE, one_time_token().encode())
    response = HttpResponse(content)
    for name, value in entry["headers"].items():
        response[name] = value
    response["Content-Length"] = str(len(content))
    return _csrf.process_response(request, response)
