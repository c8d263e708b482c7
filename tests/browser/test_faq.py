import re

import pytest

from tests.faq.factories import make_article, make_category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_searches_from_the_header_and_opens_an_article(live_server, page):
    category = make_category(name_ru="С чем помогает поддержка")
    make_article(
        category=category,
        title_ru="Ошибка в платеже",
        summary_ru="Платёж завис или отклонён: что проверить.",
        body_ru="## Что проверить\n\nСтатус платежа в истории.",
    )
    make_article(category=category, title_ru="Вход в кошелёк", body_ru="Авторизация.")

    # Every page but the home page and the search page (which have their own box) has it.
    page.goto(live_server.url + "/contacts/")
    header_search = page.get_by_role("search").filter(has=page.locator("#site-search-q"))
    header_search.get_by_role("searchbox").fill("ПЛАТЕЖИ")
    header_search.get_by_role("button", name="Найти").click()

    page.wait_for_url(re.compile(r"/help/search/\?q="))
    # The results page has one search box, its own, holding the query.
    assert page.get_by_role("searchbox").count() == 1
    assert page.locator("#faq-search-q").input_value() == "ПЛАТЕЖИ"
    results = page.locator(".faq-results")
    results.get_by_role("link", name="Ошибка в платеже").click()

    page.wait_for_url(re.compile(r"/help/category-\d+/article-\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ошибка в платеже"
    assert page.title() == "Ошибка в платеже — Справка"
    breadcrumbs = page.get_by_role("navigation", name="Навигационная цепочка")
    assert breadcrumbs.get_by_role("link", name="С чем помогает поддержка").is_visible()


def test_a_visitor_answers_was_this_helpful_without_javascript(live_server, browser):
    article = make_article(title_ru="Полезная статья")
    context = browser.new_context(locale="ru-RU", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + article.get_absolute_url())
        page.get_by_role("button", name="Да").click()
        page.wait_for_url(re.compile(r"#feedback$"))
        assert page.get_by_text("Спасибо за ответ!").is_visible()
        assert article.votes.get().helpful is True
    finally:
        context.close()
