from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from contacts import models
        from core.cache import invalidate_on

        # Everything the home and contacts pages show: a staff edit shows at once.
        invalidate_on(
            models.Audience,
            models.Channel,
            models.OpeningInterval,
            models.WaitProfile,
            models.HourlyWait,
            models.ServicePackage,
        )
