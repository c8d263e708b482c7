"""GET /help/suggest/?q= : the JSON the appeal form uses to suggest articles while you type."""

import pytest

from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db


def test_it_returns_matching_published_articles_as_title_url_and_summary(visitor_client):
    article = make_article(
        title_ru="Ошибка в платеже",
        summary_ru="Что проверить.",
        body_ru="Платёж.",
        title_en="A payment went wrong",
        summary_en="What to check.",
        body_en="Payment.",
    )
    make_article(title_ru="Вход", body_ru="Авторизация.")
    response = visitor_client.get("/help/suggest/", {"q": "платёж"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [
            {
                "title": "Ошибка в платеже",
                "url": article.get_absolute_url(),
                "summary": "Что проверить.",
            }
        ]
    }


def test_it_answers_in_the_page_s_language(visitor_client):
    article = make_article(title_en="A payment went wrong", summary_en="Check.", body_en="Payment.")
    path = article.get_absolute_url()
    [result] = visitor_client.get("/en/help/suggest/", {"q": "payment"}).json()["results"]
    assert result == {
        "title": "A payment went wrong",
        "url": "/en" + path,
        "summary": "Check.",
    }


def test_it_returns_at_most_five_results(visitor_client):
    for n in range(7):
        make_article(title_ru=f"Платёж номер {n}")
    assert len(visitor_client.get("/help/suggest/", {"q": "платёж"}).json()["results"]) == 5


@pytest.mark.parametrize(
    "query",
    ["", " ", "a", "!!!", "a & | !", "' OR 1=1 --", ":* & !( <->", "x" * 5000, "\x00"],
)
def test_empty_short_or_junk_queries_get_an_empty_list_never_an_error(visitor_client, query):
    make_article(title_ru="Платёж")
    response = visitor_client.get("/help/suggest/", {"q": query})
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_query_syntax_around_a_real_word_is_ignored(visitor_client):
    make_article(title_ru="Платёж")
    response = visitor_client.get("/help/suggest/", {"q": "платёж:* & !("})
    assert [r["title"] for r in response.json()["results"]] == ["Платёж"]


def test_a_missing_query_gets_an_empty_list(visitor_client):
    assert visitor_client.get("/help/suggest/").json() == {"results": []}


def test_it_only_answers_get(visitor_client):
    assert visitor_client.post("/help/suggest/", {"q": "платёж"}).status_code == 405
