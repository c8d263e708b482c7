from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from core.cache import public_page
from pages import views as page_views
from pages.sitemaps import SITEMAPS, sitemap_index

admin.site.site_header = "Справка: управление"
admin.site.site_title = "Справка"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("healthz", page_views.healthz, name="healthz"),
    path("favicon.ico", page_views.favicon, name="favicon"),
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
    # The search log's beacon: one address for every language (the event says which).
    path("insights/", include("insights.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("contacts/", include("contacts.urls")),
    path("help/", include("faq.urls")),
    path("appeal/", include("tickets.urls")),
    path("privacy/", include("privacy.urls")),
    path("status/", include("notices.urls")),
    prefix_default_language=False,
)

handler404 = "pages.views.page_not_found"
handler500 = "pages.views.server_error"

if settings.DEBUG:
    # Only for a local run: lets a developer see the 404 page the visitors get.
    urlpatterns += [path("__404__/", page_views.page_not_found, {"exception": None})]
