import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.staff import client_for, make_staff

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full-text search (russian/english configurations): runs in the "
    "PostgreSQL CI run",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the SQLite fallback search (folded text column): runs in the SQLite CI run",
)


@pytest.fixture
def visitor_client(db):
    """An anonymous visitor."""
    return Client()


@pytest.fixture
def reader(db):
    """Staff who may look at articles in the admin (and preview drafts) but change nothing."""
    return make_staff("reader", permissions=("faq.view_article", "faq.view_category"))


@pytest.fixture
def reader_client(reader):
    return client_for(reader)


@pytest.fixture(autouse=True)
def _russian_by_default():
    # A request to /en/ leaves English active in the test's thread; URLs a test builds with
    # get_absolute_url() must not depend on what the previous request was.
    translation.activate("ru")
    yield
    translation.deactivate()
