"""A same-origin check for the few forms that are posted from shared, cached pages.

Django's CsrfViewMiddleware needs a token in the form and a cookie, and a token in a page means
the page can be neither cached nor shared (it also sets a cookie and `Vary: Cookie`). For a form
on a public page (the "Was this helpful?" vote) the view is `csrf_exempt` and this decorator
refuses the POST unless the browser says it comes from our own site:

- `Sec-Fetch-Site` (sent by every current browser) must be `same-origin`;
- without it, `Origin` must be this site's own origin or one in CSRF_TRUSTED_ORIGINS;
- without either, the `Referer` must be on such an origin;
- with none of them the request is refused: browsers send `Origin` on every form POST, and a
  forged one cannot remove all three.

Only for low-stakes, idempotent writes that need no secret token. Anything that touches an
account or personal data keeps Django's CSRF token.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def is_same_origin(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in allowed
    referer = request.headers.get("Referer")
    if referer is not None:
        return _origin_of(referer) in allowed
    return False


def same_origin_post(view):
    """Refuse (with the CSRF failure page, 403) a POST that does not come from our own pages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            return render(request, "403_csrf.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
