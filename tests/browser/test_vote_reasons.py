"""“Why not helpful?” in Chromium: with JavaScript the form appears in place after “No”; without
it, on the page the visitor comes back to."""

import re

import pytest

from faq.models import HelpfulVote
from tests.faq.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_with_javascript_a_no_reveals_the_why_form_in_place(live_server, page):
    article = make_article(title_ru="Как вернуть платёж")
    page.goto(live_server.url + article.get_absolute_url())
    why = page.locator("#faq-reason")
    assert why.is_hidden()

    page.get_by_role("button", name="Нет").click()
    why.wait_for(state="visible")
    assert page.url.endswith(article.get_absolute_url())  # no reload, no redirect
    assert page.get_by_role("status").inner_text().startswith("Спасибо за ответ! Ваш ответ: нет.")
    page.get_by_label("Устарела").check()
    page.get_by_label("Что-нибудь ещё? (необязательно)").fill("Комиссия уже другая")
    page.get_by_role("button", name="Отправить").click()

    page.get_by_text("Спасибо: редакторы это прочитают.").wait_for()
    assert why.is_hidden()
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.reason) == (False, "out_of_date")
    assert vote.comment == "Комиссия уже другая"


def test_without_javascript_the_why_form_comes_with_the_thank_you(live_server, browser):
    article = make_article(title_ru="Как вернуть платёж")
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("button", name="Нет").click()
        page.wait_for_url(re.compile(r"#feedback$"))
        page.get_by_label("Трудно понять").check()
        page.get_by_role("button", name="Отправить").click()
        page.get_by_text("Спасибо: редакторы это прочитают.").wait_for()
        assert HelpfulVote.objects.get().reason == "hard_to_follow"
    finally:
        context.close()
