from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from core import consent
        from core.cache import invalidate_on
        from privacy.models import PrivacyDocument
        from privacy.provider import DocumentConsent

        consent.register(DocumentConsent())
        # The form's consent links are on cached pages.
        invalidate_on(PrivacyDocument)
