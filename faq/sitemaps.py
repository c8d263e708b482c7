"""The help center's sitemaps (categories, articles); /sitemap.xml indexes them (pages.sitemaps).

The sitemaps protocol (sitemaps.org) allows 50,000 addresses per file; pages of at most
ARTICLES_PER_PAGE articles (each listed in each of its languages, with hreflang alternates) keep
every file small and every request's work bounded. Each page loads only its own rows, and only
the columns an address and its date need.
"""

from django.core.paginator import Paginator
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest

from core.sitemaps import SiteSitemap
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


class _QuerysetSitemap(SiteSitemap):
    """A sitemap of model rows: paginated in the database, latest date by one aggregate."""

    @property
    def paginator(self):
        return Paginator(_PairsPerItem(self.items(), self.get_languages_for_item), self.limit)

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item of every page for the index.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return item.updated_at


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
            .only("slug", "updated_at", "publish_at", "category__slug")
            .order_by("pk")
        )

    # A scheduled article appears at publish_at, after its last save: that is when its page
    # changed for crawlers.
    def lastmod(self, item):
        return max(item.updated_at, item.publish_at or item.updated_at)

    def get_latest_lastmod(self):
        shown = Greatest("updated_at", Coalesce("publish_at", "updated_at"))
        return self.items().aggregate(latest=Max(shown))["latest"]

    def get_languages_for_item(self, article):
        # No /en/ address for an article not yet translated: it would repeat the Russian page.
        return article.languages()
