from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Online appeals")

    def ready(self):
        from core.cache import invalidate_on
        from tickets import health, signals  # noqa: F401
        from tickets.models import Topic

        # Topics appear in links and texts of public pages.
        invalidate_on(Topic)
