from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Loads the content Spravka ships with (contacts, help articles, appeal topics). "
        "Idempotent: creates what is missing and leaves what staff have edited alone."
    )

    def handle(self, *args, **options):
        # What is loaded, in order, is the project's list (settings.SHIPPED_CONTENT), so core
        # names no app. Each is a `content` module whose `load()` reads the app's data files
        # (core.datafiles), writes what is missing and returns a short summary.
        for app_label in settings.SHIPPED_CONTENT:
            app_config = apps.get_app_config(app_label)
            module = import_module(f"{app_config.name}.content")
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{app_config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Content loaded."))
