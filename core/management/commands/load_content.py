from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule


class Command(BaseCommand):
    help = (
        "Loads the content Spravka ships with (contacts, help articles, appeal topics). "
        "Idempotent: creates what is missing and leaves what staff have edited alone."
    )

    def handle(self, *args, **options):
        # Each app that ships content has a `content` module with a `load()` function that
        # returns a short summary; apps are loaded in INSTALLED_APPS order.
        for app_config in apps.get_app_configs():
            if not module_has_submodule(app_config.module, "content"):
                continue
            module = import_module(f"{app_config.name}.content")
            with transaction.atomic():
                summary = module.load()
            self.stdout.write(f"{app_config.label}: {summary}")
        self.stdout.write(self.style.SUCCESS("Content loaded."))
