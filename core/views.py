from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from contacts.models import Channel
from core.context_processors import NOT_FOUND_ATTR


@require_GET
def home(request):
    hotline = Channel.objects.main_hotline()
    status = hotline.status_at(timezone.now()) if hotline else None
    return render(request, "core/home.html", {"hotline": hotline, "hotline_status": status})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
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


@require_GET
def favicon(request):
    # Browsers (and the admin, which has no <link rel="icon">) ask for /favicon.ico; the hashed
    # name changes with the file, so the redirect is temporary.
    return redirect(static("favicon.svg"))


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: answers 200 only when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    setattr(request, NOT_FOUND_ATTR, True)  # the language switch leads to a page that exists
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors that may themselves be what failed: a plain template render.
    return HttpResponse(loader.get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
