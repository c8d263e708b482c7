"""The “why not helpful” form breaks no WCAG 2.1 A/AA rule (axe-core) and no HTML rule (the Nu
Html Checker), as revealed after “No”, as a returning voter sees it and with its errors."""

import pytest
from django.test import Client
from django.utils import translation

from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_html_validity import html_errors
from tests.faq.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OURS = {"Origin": "http://testserver"}


@pytest.fixture
def article():
    with translation.override("ru"):
        return make_article(title_ru="Как вернуть платёж")


def _states(article) -> dict[str, str]:
    """The article page after a "No", and the form shown again with its errors."""
    with translation.override("ru"):
        path = article.get_absolute_url()
    pages = {}
    for prefix in ("", "/en"):
        client = Client()
        client.post(prefix + path + "helpful/", {"helpful": "no"}, headers=OURS)
        pages[f"{prefix}{path} after no"] = client.get(prefix + path).content.decode()
        errors = client.post(prefix + path + "helpful/why/", {"comment": "x" * 1200}, headers=OURS)
        pages[f"{prefix}{path} why (errors)"] = errors.content.decode()
    return pages


def test_the_why_form_breaks_no_wcag_rule(live_server, browser, article, require_tools):
    require_tools(AXE)
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []
    try:
        # Revealed in place by feedback.js after "No".
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("button", name="Нет").click()
        page.locator("#faq-reason").wait_for(state="visible")
        found += violations(page)
        # Rendered by the server: a returning voter's page, and the form with its errors.
        for name, html in _states(article).items():
            page.goto(live_server.url + "/help/")  # the stylesheets' base address
            page.set_content(html)
            found += [f"{name}: {v}" for v in violations(page)]
    finally:
        context.close()
    assert found == []


def test_the_why_form_has_no_html_error(article, tmp_path, require_tools):
    errors = html_errors(_states(article), tmp_path, require_tools)
    assert errors == []
