"""The sitemaps: /sitemap.xml is an index of per-section sitemaps, each split into pages.

The sitemaps protocol (sitemaps.org) allows 50,000 addresses per file; pages of at most
ARTICLES_PER_PAGE articles (each listed in each of its languages, with hreflang alternates) keep
every file small and every request's work bounded. Each page loads only its own rows, and only
the columns an address and its date need.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.paginator import Paginator
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse

from faq.models import Article, Category

ARTICLES_PER_PAGE = 500
CATEGORIES_PER_PAGE = 1000


class _PairsPerItem:
    """A queryset seen as (item, language) pairs, counted and sliced per item.

    Django's i18n sitemaps build every pair of every item in Python before they slice a page:
    for one page of 500 articles they loaded all 5,000. Here the database slices the items and
    only that slice is expanded to its languages.
    """

    def __init__(self, queryset, languages_for):
        self.queryset = queryset
        self.languages_for = languages_for

    def count(self):
        return self.queryset.count()

    def __getitem__(self, index):
        return [(item, code) for item in self.queryset[index] for code in self.languages_for(item)]


class _SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # Addresses on SITE_URL, the same origin as the pages' canonical links, whatever host the
    # sitemap was requested through.
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class _QuerysetSitemap(_SiteSitemap):
    """A sitemap of model rows: paginated in the database, latest date by one aggregate."""

    @property
    def paginator(self):
        return Paginator(_PairsPerItem(self.items(), self.get_languages_for_item), self.limit)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item of every page for the index.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return item.updated_at


class StaticPagesSitemap(_SiteSitemap):
    changefreq = "weekly"

    def items(self):
        # Not /appeal/: robots.txt keeps crawlers out of it (private links live there).
        return ["core:home", "contacts:index", "faq:index"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(_QuerysetSitemap):
    changefreq = "weekly"
    limit = CATEGORIES_PER_PAGE

    def items(self):
        return (
            Category.objects.with_published_articles()
            .only("slug", "updated_at")
            .order_by("order", "pk")
        )


class ArticleSitemap(_QuerysetSitemap):
    changefreq = "monthly"
    limit = ARTICLES_PER_PAGE

    def items(self):
        return (
            Article.objects.published()
            .with_languages()
            .select_related("category")
            .only("slug", "updated_at", "category__slug")
            .order_by("pk")
        )

    def get_languages_for_item(self, article):
        # No /en/ address for an article not yet translated: it would repeat the Russian page.
        return article.languages()


@x_robots_tag
def sitemap_index(request):
    """/sitemap.xml: every page of every section, on SITE_URL.

    Django's own index view writes the host the request came through; the addresses here must
    be on SITE_URL like the sitemaps' own (see _SiteSitemap).
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
