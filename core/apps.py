import logging
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class CoreConfig(AppConfig):
    # The ground floor every app may use and that imports no app: phones, roles, shared
    # abstract models, caching, rate limits, health-check registry, the content-loading command.
    # Pages that assemble several apps live in `pages`, the layer above the apps.
    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from core.models import CalendarException
        from core.workdays import forget_exceptions

        # Deadlines counted after a staff change to the calendar must see it.
        for signal in (post_save, post_delete):
            signal.connect(forget_exceptions, sender=CalendarException, dispatch_uid="workdays")
        # Uploads are spooled in a folder the site owns and cleans (see clean_uploads).
        if settings.FILE_UPLOAD_TEMP_DIR:
            try:
                Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # the system check (files.E001) says what is wrong
                logger.warning("Cannot create FILE_UPLOAD_TEMP_DIR: %s", exc)
