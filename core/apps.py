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
        # Uploads are spooled in a folder the site owns and cleans (see clean_uploads).
        if settings.FILE_UPLOAD_TEMP_DIR:
            try:
                Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # the system check (files.E001) says what is wrong
                logger.warning("Cannot create FILE_UPLOAD_TEMP_DIR: %s", exc)
