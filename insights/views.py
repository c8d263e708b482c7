"""The beacon the page script posts search events to (static/insights/insights.js).

Search pages are served from the page cache before any view runs, so the server cannot see a
search there: the page reports it itself, with a same-origin POST. No CSRF token (a token on
the page would make it uncacheable); the origin check, a tiny body cap and a rate limit per
address stand in for it, and nothing the beacon writes is worth forging.
"""

import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.origin import same_origin_post
from core.ratelimit import limit_reached
from insights import services
from insights.models import Source

logger = logging.getLogger(__name__)

MAX_BODY = 2048
MAX_RAW_QUERY = 400


def _status(code: int) -> HttpResponse:
    return HttpResponse(status=code)


class TooLarge(Exception):
    pass


def _payload(request):
    """The JSON object posted, or None when it is not JSON or not an object; TooLarge past
    MAX_BODY bytes (refused on the declared length, before reading)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if declared > MAX_BODY:
        raise TooLarge
    body = request.body
    if len(body) > MAX_BODY:
        raise TooLarge
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _search(data):
    query, source, count = data.get("q"), data.get("src"), data.get("n")
    language, previous = data.get("lang"), data.get("prev")
    languages = {code for code, _name in settings.LANGUAGES}
    if (
        not isinstance(query, str)
        or len(query) > MAX_RAW_QUERY
        or source not in Source.values
        or not isinstance(count, int)
        or isinstance(count, bool)
        or language not in languages
        or not (previous is None or isinstance(previous, str))
    ):
        return HttpResponseBadRequest()
    logged = services.search_record(
        raw_query=query, language=language, source=source, results=count, previous=previous
    )
    if logged.token is None:
        return _status(204)
    return JsonResponse({"record": logged.token})


def _opened(data):
    token, path = data.get("record"), data.get("path")
    if not isinstance(token, str) or not isinstance(path, str):
        return HttpResponseBadRequest()
    services.result_opened(token=token, path=path)
    return _status(204)


EVENTS = {"search": _search, "open": _opened}


@csrf_exempt
@never_cache
@require_POST
@same_origin_post
def beacon(request):
    try:
        data = _payload(request)
    except TooLarge:
        return _status(413)
    if data is None or data.get("e") not in EVENTS:
        return HttpResponseBadRequest()
    if limit_reached(
        request,
        scope="insights",
        limit=settings.INSIGHTS_BEACON_LIMIT,
        window=settings.INSIGHTS_BEACON_WINDOW,
    ):
        return _status(429)
    try:
        return EVENTS[data["e"]](data)
    except Exception:
        # A statistic is never worth an error page, nor a 500 in the visitor's console.
        logger.exception("Search log: a beacon could not be recorded")
        return _status(204)
