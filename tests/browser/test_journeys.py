"""Journeys across the apps, in a real Chromium, with the content the site ships with."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_appeal_form_suggests_real_help_articles_for_the_subject(
    live_server, page, shipped_content
):
    page.goto(live_server.url + "/appeal/")
    page.get_by_label("Тема", exact=True).press_sequentially("ошибка платежа", delay=20)
    suggestions = page.locator("#help-suggestions")
    link = suggestions.get_by_role("link", name="Ошибка в платеже")
    link.wait_for()
    assert re.search(r"/help/[\w-]+/[\w-]+/$", link.get_attribute("href"))


def test_an_article_that_did_not_help_leads_to_the_appeal_form(live_server, page, shipped_content):
    page.goto(live_server.url + "/help/")
    page.get_by_role("link", name="Ошибка в платеже").first.click()
    page.wait_for_url(re.compile(r"/help/[\w-]+/[\w-]+/$"))
    assert page.get_by_role("heading", level=1, name="Ошибка в платеже").is_visible()

    feedback = page.locator("#feedback")
    feedback.get_by_role("button", name="Нет").click()
    # With JavaScript the answer is sent in place (faq/static/faq/feedback.js): no reload.
    feedback.get_by_role("status").get_by_text("Жаль, что статья не помогла").wait_for()

    page.locator("aside.faq-appeal").get_by_role("link", name="Отправьте обращение онлайн").click()
    page.wait_for_url(re.compile(r"/appeal/"))
    assert page.get_by_role("button", name="Отправить обращение").is_visible()
