from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from core import views as core_views
from core.cache import public_page
from faq.sitemaps import SITEMAPS, sitemap_index

admin.site.site_header = "Справка: управление"
admin.site.site_title = "Справка"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # An index of per-section sitemaps (robots.txt points here), each split into pages (?p=).
    path("sitemap.xml", public_page(sitemap_index), name="sitemap"),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    # The article editor's preview and image upload: staff-only replacements of markdownx's views.
    path("markdownx/", include("faq.markdownx_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("core.urls")),
    path("contacts/", include("contacts.urls")),
    path("help/", include("faq.urls")),
    path("appeal/", include("tickets.urls")),
    path("privacy/", include("privacy.urls")),
    prefix_default_language=False,
)

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

if settings.DEBUG:
    # Only for a local run: lets a developer see the 404 page the visitors get.
    urlpatterns += [path("__404__/", core_views.page_not_found, {"exception": None})]
