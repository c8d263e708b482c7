"""/sitemap.xml for the whole site: both languages, with hreflang alternates for each page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from faq.models import Article, Category


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


class StaticPagesSitemap(_SiteSitemap):
    changefreq = "weekly"

    def items(self):
        # Not /appeal/: robots.txt keeps crawlers out of it (private links live there).
        return ["core:home", "contacts:index", "faq:index"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(_SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.with_published_articles().order_by("order", "pk")

    def lastmod(self, category):
        return category.updated_at


class ArticleSitemap(_SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().select_related("category").order_by("pk")

    def lastmod(self, article):
        return article.updated_at

    def get_languages_for_item(self, article):
        # No /en/ address for an article not yet translated: it would repeat the Russian page.
        return article.languages()


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "categories": CategorySitemap,
    "articles": ArticleSitemap,
}
