"""/sitemap.xml: an index of per-section sitemaps, each split into pages (?p=).

The static pages' sitemap is here; the help center's sections are faq's own (faq.sitemaps).
"""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import reverse

from core.sitemaps import SiteSitemap
from faq.sitemaps import ArticleSitemap, CategorySitemap


class StaticPagesSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        # Not /appeal/: robots.txt keeps crawlers out of it (private links live there).
        return ["pages:home", "contacts:index", "faq:index", "notices:status"]

    def location(self, item):
        return reverse(item)


@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: every page of every section, on SITE_URL.

    Django's own index view writes the host the request came through; the addresses here must
    be on SITE_URL like the sitemaps' own (see core.sitemaps).
    """
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        site = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
        lastmod = site.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, site.paginator.num_pages + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
}
