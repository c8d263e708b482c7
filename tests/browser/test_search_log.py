"""The search log in a real Chromium: insights.js reports a header search served by the page
cache, the opened result, the appeal form's as-you-type suggestions (one record), and the appeal
that followed, with the article read before it."""

import re
import time

import pytest
from django.db import OperationalError

from insights.models import ReadBeforeAppeal, SearchRecord
from tests.faq.factories import make_article
from tickets import content
from tickets.models import Appeal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _eventually(check, timeout=10.0):
    """check() until it is true. On SQLite the live server shares the test's in-memory database
    connection between threads (Django's LiveServerThread), so a read here that meets a beacon's
    write in the server's thread fails with "database table is locked": read again."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except OperationalError:
            value = None
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


@pytest.fixture
def site(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.files.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    content.load()
    return make_article(title_ru="Платёж не прошёл", body_ru="Проверьте квитанцию.")


def test_a_visit_from_search_to_appeal_is_logged_without_a_cookie(
    live_server, browser, search_log, page, site
):
    # Someone else's visit (another tab: its own sessionStorage) puts the search page in the
    # page cache first; it is logged as a search from a link.
    other = browser.new_context(locale="ru-RU")
    other.new_page().goto(live_server.url + "/help/search/?q=платёж")
    assert _eventually(lambda: SearchRecord.objects.filter(source="other").exists())
    other.close()

    # The home page leads with its own search box; the header's is on every other page.
    page.goto(live_server.url + "/contacts/")
    header = page.get_by_role("search").filter(has=page.locator("#site-search-q"))
    header.get_by_role("searchbox").fill("платёж")
    header.get_by_role("button", name="Найти").click()
    page.wait_for_url(re.compile(r"/help/search/\?q="))
    assert _eventually(lambda: SearchRecord.objects.filter(source="header").exists())

    # A visitor reads the results before opening one; a test clicks at once. It waits for what
    # the reading time gives: the beacon's answer, the record's token, kept by the tab (without
    # it the page has nothing to report the opened result with).
    page.wait_for_function(
        "() => (JSON.parse(sessionStorage.getItem('spravka.insights') || '{}').searches || [])"
        ".length > 0"
    )
    page.locator(".faq-results").get_by_role("link", name="Платёж не прошёл").click()
    page.wait_for_url(re.compile(r"/help/category-\d+/article-\d+/$"))
    row = _eventually(
        lambda: SearchRecord.objects.filter(source="header", opened_article=site).first()
    )
    assert row is not None

    page.goto(live_server.url + "/appeal/")
    subject = page.get_by_label("Тема", exact=True)
    subject.press_sequentially("плат", delay=30)
    page.wait_for_timeout(700)
    subject.press_sequentially("ёж", delay=30)
    page.wait_for_timeout(700)
    assert _eventually(
        lambda: SearchRecord.objects.filter(source="appeal", query="платеж").exists()
    )
    # "плат" folded into it
    assert _eventually(lambda: SearchRecord.objects.filter(source="appeal").count()) == 1

    page.get_by_label("Ошибки в платежах").check()
    page.get_by_label("Ваше имя").fill("Анна Петрова")
    page.get_by_label("Электронная почта").fill("anna@example.org")
    page.get_by_label("Опишите проблему").fill("Деньги списались, на счёт не пришли.")
    page.get_by_label("Я согласен на обработку моих персональных данных").check()
    page.get_by_role("button", name="Отправить обращение").click()
    page.wait_for_url(re.compile(r"/appeal/SP-[^/]+/[^/]+/sent/$"))

    assert _eventually(lambda: Appeal.objects.count()) == 1
    assert _eventually(
        lambda: set(
            SearchRecord.objects.filter(led_to_appeal=True).values_list("source", flat=True)
        )
    ) == {"header", "appeal"}
    assert _eventually(lambda: ReadBeforeAppeal.objects.get().article) == site
    # The log's own state lives in the tab, never in a cookie.
    assert not [c for c in page.context.cookies() if "insights" in c["name"]]


def test_the_appeal_form_says_when_suggestions_are_for_a_corrected_spelling(
    live_server, page, site
):
    page.goto(live_server.url + "/appeal/")
    page.get_by_label("Тема", exact=True).press_sequentially("квитанцея", delay=20)
    suggestions = page.locator("#help-suggestions")
    suggestions.get_by_role("link", name="Платёж не прошёл").wait_for()
    assert "Возможно, вы имели в виду «квитанцию»?" in suggestions.inner_text()
