from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Search analytics")

    def ready(self):
        from insights import receivers  # noqa: F401  (connects to tickets.signals.appeal_filed)
