import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # The manifest storage needs `collectstatic` first; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shipped_content(db):
    """The content the site ships with, loaded the way `make run` loads it."""
    call_command("load_content", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
