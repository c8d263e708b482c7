"""The base of every sitemap: addresses on SITE_URL, in each language, with hreflang alternates.

Apps build their own sitemaps on it; the index of all of them is the site layer's (pages).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    # Addresses on SITE_URL, the same origin as the pages' canonical links, whatever host the
    # sitemap was requested through.
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
