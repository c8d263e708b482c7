from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Help section")

    def ready(self):
        from core.cache import invalidate_on, register_expiry
        from faq import models, schedule

        # Not HelpfulVote: visitors write those, and "most helpful" may lag a minute.
        # ArticleRedirect: an old address answers 301, which is never cached.
        invalidate_on(models.Category, models.Article)
        register_expiry(schedule.next_scheduled_change)

        from core.admin_site import register_index_note
        from faq.admin_history import review_due_note

        register_index_note(review_due_note)
