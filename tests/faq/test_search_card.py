"""A card number typed into search or into the appeal form's subject (which asks for
suggestions): shown back masked, not searched for, and its page kept by no cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

CARD = "4276 3800 1234 5679"  # passes the Luhn check
MASKED = "4276 38•• •••• 5679"


def _queries(client, path, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


def test_the_search_page_hides_the_card_and_searches_the_other_words(visitor_client, articles):
    response = visitor_client.get("/help/search/", {"q": f"платёж {CARD}"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Похоже на номер карты: мы его скрыли и искали без него." in page
    assert "3800" not in page and "4276380012345679" not in page
    assert f"платёж {MASKED}" in page  # the box, the title and the language switch show it masked
    assert "Ошибка в платеже" in page  # what the other words find
    assert "Не получается войти" not in page


def test_a_search_with_a_card_is_kept_by_no_cache(visitor_client, articles):
    params = {"q": f"платёж {CARD}"}
    response = visitor_client.get("/help/search/", params)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control
    # Asked again, it is rendered again (our cache never kept it) ...
    assert _queries(visitor_client, "/help/search/", params) > 0
    # ... where the same search without the card is answered from the cache the second time.
    visitor_client.get("/help/search/", {"q": "платёж"})
    assert _queries(visitor_client, "/help/search/", {"q": "платёж"}) == 0


def test_suggestions_hide_the_card_and_are_kept_by_no_cache(visitor_client, articles):
    response = visitor_client.get("/help/suggest/", {"q": f"{CARD} платёж"})
    assert response.status_code == 200
    assert "Ошибка в платеже" in [r["title"] for r in response.json()["results"]]
    assert "3800" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert _queries(visitor_client, "/help/suggest/", {"q": f"{CARD} платёж"}) > 0


def test_a_card_alone_finds_nothing_and_says_why(visitor_client, articles):
    page = visitor_client.get("/en/help/search/", {"q": CARD.replace(" ", "-")}).content.decode()
    assert "This looks like a card number: we hid it and searched without it." in page
    assert "4276-38••-••••-5679" in page
    assert "3800" not in page


def test_a_number_that_is_not_a_card_is_searched_and_cached_as_usual(visitor_client, articles):
    params = {"q": "платёж 79161234567"}  # a phone: fails the Luhn check
    response = visitor_client.get("/help/search/", params)
    page = response.content.decode()
    assert "номер карты" not in page
    assert "79161234567" in page
    assert "public" in response["Cache-Control"]
    assert _queries(visitor_client, "/help/search/", params) == 0
