from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    # Above tickets (and the contacts and faq pages it shows on): it reads topics and appeals
    # and answers appeals through tickets.services; no app imports it. Pages print notices
    # through the context processor notices.context_processors.active_notices and includes of
    # notices/includes/*.html; appeals are tagged through tickets.signals.appeal_filed.
    name = "notices"
    verbose_name = _("Service notices")

    def ready(self):
        from core.cache import invalidate_on, register_expiry
        from notices import live, receivers  # noqa: F401
        from notices.models import Notice, NoticeUpdate

        # A published or edited notice shows on the next request ...
        invalidate_on(Notice, NoticeUpdate, unshown_links=("appeals",))
        # ... and no cached page outlives a notice's start or end.
        register_expiry(live.next_change)
