import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import Client
from django.utils import translation

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (russian/english configurations): runs in the "
    "PostgreSQL CI run",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the SQLite fallback search (folded text column): runs in the SQLite CI run",
)


def _staff(username, *codenames):
    # No password: tests log in with force_login, and hashing one costs ~0.3 s per user.
    user = User.objects.create_user(username, password=None, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="faq", codename__in=codenames)
    )
    return user


@pytest.fixture
def visitor_client(db):
    """An anonymous visitor."""
    return Client()


@pytest.fixture
def editor(db):
    """Staff who write and publish articles."""
    return _staff(
        "editor",
        "view_article",
        "add_article",
        "change_article",
        "view_category",
        "view_helpfulvote",
    )


@pytest.fixture
def reader(db):
    """Staff who may look at articles in the admin (and preview drafts) but change nothing."""
    return _staff("reader", "view_article", "view_category")


@pytest.fixture
def agent(db):
    """Staff of another department: no permission on the help section."""
    return _staff("agent")


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@example.org", password=None)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


@pytest.fixture
def agent_client(agent):
    return client_for(agent)


@pytest.fixture
def admin_client(admin_user):
    return client_for(admin_user)


@pytest.fixture(autouse=True)
def _russian_by_default():
    # A request to /en/ leaves English active in the test's thread; URLs a test builds with
    # get_absolute_url() must not depend on what the previous request was.
    translation.activate("ru")
    yield
    translation.deactivate()
