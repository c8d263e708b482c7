"""Long lists are capped or split into pages: /help/ shows each topic's first articles with a
link to the rest, a topic's page is paginated with prev/next links."""

import re

import pytest

from faq.views import CATEGORY_PAGE_SIZE, INDEX_ARTICLES_PER_CATEGORY
from tests.faq.factories import make_article, make_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_topic():
    category = make_category(slug="payments", name_ru="Платежи")
    count = CATEGORY_PAGE_SIZE + 5
    for number in range(count):
        make_article(category=category, title_ru=f"Платёж {number:02}", order=number)
    return category


def _titles(body):
    return re.findall(r">Платёж (\d\d)</a>", body)


def test_help_lists_a_topics_first_articles_and_links_to_all_of_them(visitor_client, big_topic):
    body = visitor_client.get("/help/").content.decode()
    assert _titles(body) == [f"{n:02}" for n in range(INDEX_ARTICLES_PER_CATEGORY)]
    assert '<a href="/help/payments/">Все статьи этой темы (25)</a>' in body
    english = visitor_client.get("/en/help/").content.decode()
    assert '<a href="/en/help/payments/">All 25 articles in this topic</a>' in english


def test_a_small_topic_has_no_link_to_all(visitor_client):
    make_article(category=make_category(slug="small"))
    assert "Все статьи этой темы" not in visitor_client.get("/help/").content.decode()


def test_a_topic_is_split_into_pages_with_links_between_them(visitor_client, big_topic):
    first = visitor_client.get("/help/payments/").content.decode()
    assert _titles(first) == [f"{n:02}" for n in range(CATEGORY_PAGE_SIZE)]
    assert '<link rel="next" href="/help/payments/?page=2">' in first
    assert 'rel="prev"' not in first
    assert "Страница 1 из 2" in first
    assert '<a rel="next" href="/help/payments/?page=2">Следующая страница</a>' in first
    second = visitor_client.get("/help/payments/?page=2").content.decode()
    assert _titles(second) == [f"{n:02}" for n in range(CATEGORY_PAGE_SIZE, 25)]
    assert '<link rel="prev" href="/help/payments/">' in second
    assert '<link rel="canonical" href="http://127.0.0.1:8000/help/payments/?page=2">' in second
    assert 'rel="next"' not in second
    english = visitor_client.get("/en/help/payments/?page=2").content.decode()
    assert "Page 2 of 2" in english and "Previous page" in english


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", "9" * 30])
def test_a_page_that_does_not_exist_is_not_found(visitor_client, big_topic, page):
    assert visitor_client.get(f"/help/payments/?page={page}").status_code == 404
