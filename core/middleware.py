"""Refuses requests no view should see, before any of them is parsed or reaches the database."""

import gzip
from importlib import import_module

from csp.constants import HEADER as CSP_HEADER
from csp.constants import HEADER_REPORT_ONLY as CSP_HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.datastructures import MultiValueDict

from core.limits import content_length, max_body_size


class RequestGuardMiddleware:
    """Placed after LocaleMiddleware (its pages are translated) and before CsrfViewMiddleware
    (the first to read a POST body).

    - A body larger than its URL allows (core.limits) is refused on its Content-Length, unread.
    - NUL never reaches a view: PostgreSQL refuses it in any string ("A string literal cannot
      contain NUL"), so a NUL in a query parameter, form field or cookie became a 500 wherever
      the value met a query (`/appeal/?topic=%00`, admin filters). It is removed from query
      parameters and form fields (names and values; no visitor types one), a cookie holding one
      is dropped, and a path holding one is a 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self._too_large(request) or self._without_nul(request)
        return response or self.get_response(request)

    def _too_large(self, request):
        length = content_length(request)
        if not length:
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            view = None
        limit = max_body_size(view)
        if length <= limit:
            return None
        # Nothing may read the body now: the view or page below sees an empty form.
        request._post, request._files = QueryDict(), MultiValueDict()
        handler = getattr(view, "body_too_large", None)
        if handler is not None:
            return handler(request, limit)
        return render(request, "413.html", {"limit": limit}, status=413)

    def _without_nul(self, request):
        bad_cookies = [name for name, value in request.COOKIES.items() if _NUL in name + value]
        if bad_cookies:
            request.COOKIES = {k: v for k, v in request.COOKIES.items() if k not in bad_cookies}
            if settings.SESSION_COOKIE_NAME in bad_cookies:
                request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        if _NUL in request.path_info:
            return render(request, "400.html", status=400)
        if _has_nul(request.GET):
            request.GET = _strip_nul(request.GET)
        if request.method == "POST" and _has_nul(request.POST):
            request.POST = _strip_nul(request.POST)
        return None


_NUL = "\x00"


def _has_nul(data: QueryDict) -> bool:
    return any(
        _NUL in key or any(isinstance(v, str) and _NUL in v for v in values)
        for key, values in data.lists()
    )


def _strip_nul(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        values = [v.replace(_NUL, "") if isinstance(v, str) else v for v in values]
        cleaned.setlist(key.replace(_NUL, ""), values)
    cleaned._mutable = False
    return cleaned


class PublicGZipMiddleware(GZipMiddleware):
    """Compression of public pages only.

    BREACH recovers a secret from a compressed page's size when the page also reflects what an
    attacker sends. Only responses marked `Cache-Control: public` (core.cache.public_page: the same
    bytes for every visitor, no CSRF token, no session data) are compressed; the appeal form, an
    appeal's private page and the admin carry tokens and personal data and go out uncompressed.
    """

    # Django pads the gzip header with up to 100 random bytes against BREACH. A public page has
    # no secret to recover (that is why only public pages are compressed), so the padding only
    # cost a copy of every page and made one page's bytes differ from one render to the next.
    max_random_bytes = 0

    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if "public" not in [part.strip() for part in cache_control.split(",")]:
            return response
        level = getattr(response, "gzip_level", None)
        if level is None or response.streaming:
            return super().process_response(request, response)
        return self._compressed(request, response, level)

    @staticmethod
    def _compressed(request, response, level: int):
        """What GZipMiddleware does with a whole response, at the level the view asked for
        (public_page(compress_fast=True): Django's is fixed at 6)."""
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = gzip.compress(response.content, compresslevel=level, mtime=0)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # as Django does (RFC 9110 8.8.1)
        response.headers["Content-Encoding"] = "gzip"
        return response


# A response's own policy (django-csp's @csp, @csp_update, @csp_replace decorators).
_CSP_PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the headers built once per process while a response uses
    only the settings' policy (no nonce, no per-view decorator: the case of every page here).

    django-csp builds the same string from the settings for every response: a dataclass deep
    copy, each directive copied, sorted and joined, ~2.5% of an uncached search page's time.
    Anything else (a nonce, a decorator) goes to django-csp as it is."""

    # (setting object, header) per report_only: a changed setting (override_settings in tests)
    # is a different object, and builds its header again.
    _built: dict[bool, tuple[object, str]] = {}

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_PER_RESPONSE
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages, as django-csp leaves them
        for header, name, exempt, report_only in (
            (CSP_HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt", False),
            (CSP_HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro", True),
        ):
            config = getattr(settings, name, None)
            policy = self._policy(config, report_only)
            excluded = tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ())
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _policy(self, config, report_only: bool) -> str:
        built = self._built.get(report_only)
        if built is None or built[0] is not config:
            built = (config, build_policy(report_only=report_only))
            self._built[report_only] = built
        return built[1]
