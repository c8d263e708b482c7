import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from tests.faq.factories import make_article
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


@pytest.fixture
def articles(db):
    """Three articles to search: a payment (translated), a login and an SMS one."""
    return {
        "payment": make_article(
            title_ru="Ошибка в платеже",
            summary_ru="Что делать, если платёж не прошёл.",
            body_ru="Проверьте статус платежа в истории.",
            title_en="A payment went wrong",
            summary_en="What to do if a payment failed.",
            body_en="Check the payment's status in your history.",
        ),
        "login": make_article(
            title_ru="Не получается войти",
            summary_ru="Проблемы со входом.",
            body_ru="Проблемы со входом и авторизацией: что проверить.",
            title_en="Cannot log in",
            summary_en="Problems logging in.",
            body_en="Problems with logging in and authorisation.",
        ),
        "sms": make_article(
            title_ru="СМС-оповещения",
            summary_ru="Не приходят коды.",
            body_ru="Если не пришёл платёж, смотрите другую статью.",
        ),
    }
