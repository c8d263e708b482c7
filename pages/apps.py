from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    # The site layer: pages that assemble several apps (home, sitemap index) or belong to no
    # single one (robots.txt, favicon, /healthz, error pages). It sits above contacts, faq and
    # tickets and may import them; none of them imports it (tests/test_layers.py).
    name = "pages"
    verbose_name = _("Site pages")
