from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Help section")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save

        from core.admin_site import register_index_note
        from core.cache import invalidate_on, register_expiry
        from faq import models, schedule, synonyms, vocabulary
        from faq.admin_history import review_due_note

        # Not HelpfulVote: visitors write those, and "most helpful" may lag a minute.
        # SearchSynonym: cached search pages change when a group does.
        # ArticleRedirect: an old address answers 301, which is never cached.
        invalidate_on(models.Category, models.Article, models.SearchSynonym)
        # Scheduled articles appear and go away by themselves: no cached page outlives that.
        register_expiry(schedule.next_scheduled_change)
        register_index_note(review_due_note)
        for signal in (post_save, post_delete):
            signal.connect(synonyms.forget, sender=models.SearchSynonym, dispatch_uid="faq:syn")
        # The "did you mean" vocabulary follows the published articles (faq/vocabulary.py).
        pre_save.connect(
            vocabulary.remember_before_save, sender=models.Article, dispatch_uid="faq:voc-pre"
        )
        post_save.connect(
            vocabulary.update_after_save, sender=models.Article, dispatch_uid="faq:voc-save"
        )
        post_delete.connect(
            vocabulary.update_after_delete, sender=models.Article, dispatch_uid="faq:voc-del"
        )
