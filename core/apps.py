from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # Site-wide pieces that belong to no single app: home page, error pages, robots.txt,
    # and the command that loads every app's shipped content.
    name = "core"
    verbose_name = _("Site")
