"""Request body caps, checked on CONTENT_LENGTH before anything reads the body
(core.middleware.RequestGuardMiddleware).

Every URL gets REQUEST_MAX_BODY_SIZE; a view that takes uploads says how much it takes with
@body_limit, and may answer an oversized request itself (the appeal form re-renders with its
own message) instead of the plain 413 page.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

MaxBytes = int | Callable[[], int]
TooLarge = Callable[[HttpRequest, int], HttpResponse]


def body_limit(max_bytes: MaxBytes, *, too_large: TooLarge | None = None):
    """Marks a view (attributes survive the functools.wraps of later decorators)."""

    def decorate(view):
        view.max_body_size = max_bytes
        view.body_too_large = too_large
        return view

    return decorate


def max_body_size(view) -> int:
    limit = getattr(view, "max_body_size", None)
    if limit is None:
        return settings.REQUEST_MAX_BODY_SIZE
    return limit() if callable(limit) else limit


def content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except (TypeError, ValueError):
        return 0
