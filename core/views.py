from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from contacts.models import Channel


@require_safe
def home(request):
    hotline = Channel.objects.main_hotline()
    status = hotline.status_at(timezone.now()) if hotline else None
    return render(request, "core/home.html", {"hotline": hotline, "hotline_status": status})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /appeal/",
        "Disallow: /en/appeal/",
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
    """For the load balancer: answers 200 only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that may themselves be what failed: a plain template render, and
    # plain text if even that fails (a missing static file manifest, a broken template).
    try:
        body = loader.get_template("500.html").render()
    except Exception:
        body = "500 Internal Server Error"
        return HttpResponse(body, status=500, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def locked_out(request, response=None, credentials=None):
    """django-axes' answer once a user name and address are locked (AXES_LOCKOUT_CALLABLE)."""
    cool_off = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "core/locked_out.html", context, status=429)
