from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Help section")

    def ready(self):
        from core.cache import invalidate_on
        from faq import models

        # Not HelpfulVote: visitors write those, and "most helpful" may lag a minute.
        invalidate_on(models.Category, models.Article)
