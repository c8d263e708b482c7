import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contacts.models import Channel
from core import health
from core.cache import public_page
from core.context_processors import NOT_FOUND_ATTR
from pages import home as home_content

logger = logging.getLogger(__name__)
# What a database that is down, restarting or unreachable raises (psycopg and sqlite alike).
DATABASE_DOWN = (OperationalError, InterfaceError)


@public_page(changes_every_minute=True)
@require_safe
def home(request):
    hotline = Channel.objects.main_hotline()
    status = hotline.status_at(timezone.now()) if hotline else None
    return render(
        request,
        "pages/home.html",
        {
            "hotline": hotline,
            "hotline_status": status,
            "routes": home_content.topic_routes(),
            "most_helpful": home_content.most_helpful(),
        },
    )


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        # The appeal form is public and indexable; an appeal's private pages and "find my
        # appeal" are not (they also carry noindex). References start with SP- (tickets.urls).
        "Disallow: /appeal/find/",
        "Disallow: /appeal/SP-",
        "Disallow: /en/appeal/find/",
        "Disallow: /en/appeal/SP-",
        "Disallow: /markdownx/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request):
    # Browsers (and the admin, which has no <link rel="icon">) ask for /favicon.ico; the hashed
    # name changes with the file, so the redirect is temporary.
    return redirect(static("favicon.svg"))


@never_cache
@require_safe
def healthz(request):
    """For the load balancer and monitoring: 200 when the database and the cache answer, 503
    naming the one that did not; JSON either way, never the HTML error page."""
    try:
        healthy, checks = health.run_all()
    except Exception:  # a check's own bug must still answer JSON
        logger.exception("Health checks could not run")
        healthy, checks = False, {}
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def page_not_found(request, exception):
    setattr(request, NOT_FOUND_ATTR, True)  # the language switch leads to a page that exists
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that may themselves be what failed: a plain template render, and
    # plain text if even that fails (a missing static file manifest, a broken template).
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return service_unavailable(request)
    try:
        body = loader.get_template("500.html").render()
    except Exception:
        body = "500 Internal Server Error"
        return HttpResponse(body, status=500, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=500)


def service_unavailable(request):
    """The database is down: a page that needs nothing but the settings, and a hint to retry.
    Handled here rather than in a middleware so that failures in any middleware get it too."""
    context = {
        "hotline": settings.SUPPORT_HOTLINE,
        "hotline_display": settings.SUPPORT_HOTLINE_DISPLAY,
    }
    response = HttpResponse(loader.get_template("503.html").render(context), status=503)
    response["Retry-After"] = "60"
    return response


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def locked_out(request, response=None, credentials=None):
    """django-axes' answer once a user name and address are locked (AXES_LOCKOUT_CALLABLE)."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "pages/locked_out.html", context, status=429)
