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

    from core import fragments

    # The template fragments too: a test may change a setting (a URL, a translation) they show.
    cache.clear()
    fragments.clear()
    yield
    cache.clear()
    fragments.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. The test client's requests activate
    their page's language and nothing resets it: after a request to an /en/ page (the fuzz test
    sends random ones), reverse() in the next test gave /en/… addresses."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def shipped_content(db):
    """The content the site ships with, loaded the way `make run` loads it."""
    call_command("load_content", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


# The named staff every app's tests share, built from core.roles (tests/staff.py).
@pytest.fixture
def agent(db):
    """A support agent: handles appeals, nothing in the help articles or contacts."""
    from tests.staff import make_agent

    return make_agent()


@pytest.fixture
def content_editor(db):
    """A content editor: everything in contacts and the help articles, no appeals."""
    from tests.staff import make_content_editor

    return make_content_editor()


@pytest.fixture
def admin(db):
    from tests.staff import make_admin

    return make_admin()


@pytest.fixture
def agent_client(agent):
    from tests.staff import client_for

    return client_for(agent)


@pytest.fixture
def content_editor_client(content_editor):
    from tests.staff import client_for

    return client_for(content_editor)


@pytest.fixture
def admin_client(admin):
    from tests.staff import client_for

    return client_for(admin)
