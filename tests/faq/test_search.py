"""Search from the header and the search page: what works the same on every database."""

import re

import pytest

from faq.search import MAX_QUERY_LENGTH, parse_query
from tests.faq.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def _titles(response):
    body = response.content.decode()
    return [
        part.split(">", 1)[1].split("</a>")[0]
        for part in body.split('<h2 class="faq-result__title"><a href=')[1:]
    ]


def test_the_header_search_box_sends_the_query_to_the_search_page(visitor_client):
    body = visitor_client.get("/help/").content.decode()
    assert '<form class="site-search" role="search" action="/help/search/" method="get">' in body
    assert 'name="q"' in body


def test_a_query_finds_articles_and_keeps_what_was_typed_in_the_box(visitor_client, articles):
    response = visitor_client.get("/help/search/", {"q": "платёж"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ошибка в платеже" in _titles(response)
    assert "Не получается войти" not in _titles(response)
    assert 'id="site-search-q"' not in body  # one box: the page's own
    assert 'id="faq-search-q" type="search" name="q" maxlength="200" value="платёж"' in body
    assert "<title>Поиск: «платёж» — Справка</title>" in body
    assert '<meta name="robots" content="noindex, follow">' in body


def test_a_title_match_ranks_above_a_match_in_the_text(visitor_client, articles):
    titles = _titles(visitor_client.get("/help/search/", {"q": "платёж"}))
    assert titles.index("Ошибка в платеже") < titles.index("СМС-оповещения")


def test_every_word_must_match(visitor_client, articles):
    titles = _titles(visitor_client.get("/help/search/", {"q": "платёж коды"}))
    assert titles == ["СМС-оповещения"]


def _snippets(response):
    body = response.content.decode()
    return [part.split("</p>")[0] for part in body.split('class="faq-result__snippet">')[1:]]


def test_a_match_in_the_text_shows_the_text_around_it_highlighted(visitor_client, articles):
    [snippet] = _snippets(visitor_client.get("/help/search/", {"q": "истории"}))
    assert snippet.startswith("Проверьте статус платежа в <mark>истории</mark>")


def test_a_match_in_the_title_or_summary_shows_the_summary_highlighted(visitor_client, articles):
    # The summary says what the article is about; its text may not even have the word.
    snippets = _snippets(visitor_client.get("/help/search/", {"q": "платежи"}))
    assert snippets[0] == "Что делать, если <mark>платёж</mark> не прошёл."
    # Found in the text only: the text, as above.
    assert any(s.startswith("Если не пришёл <mark>платёж</mark>, смотрите") for s in snippets)


def test_the_snippet_escapes_the_article_text(visitor_client):
    make_article(
        title_ru="Код в статье",
        body_ru="Не вставляйте `<img src=x onerror=alert(1)>` в поле платежа.",
    )
    body = visitor_client.get("/help/search/", {"q": "платежа"}).content.decode()
    snippet = body.split('class="faq-result__snippet">')[1].split("</p>")[0]
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "<img" not in snippet


def test_titles_and_topics_in_the_results_are_escaped(visitor_client):
    category = make_category(slug="tricky", name_ru='Платежи & "переводы" <b>')
    make_article(
        category=category,
        slug="tricky-title",
        title_ru="Платёж <script>alert(1)</script> & 'кавычки'",
        summary_ru="Что делать, если платёж не прошёл.",
    )
    body = visitor_client.get("/help/search/", {"q": "платёж"}).content.decode()
    row = body.split('<li class="faq-result">')[1].split("</li>")[0]
    assert (
        '<a href="/help/tricky/tricky-title/">'
        "Платёж &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#x27;кавычки&#x27;</a>"
    ) in row
    assert (
        '<p class="faq-result__category muted">Платежи &amp; &quot;переводы&quot; &lt;b&gt;</p>'
        in row
    )
    assert "<script>" not in body and "<b>" not in row


def test_english_pages_search_the_english_text(visitor_client, articles):
    response = visitor_client.get("/en/help/search/", {"q": "payment history"})
    assert _titles(response) == ["A payment went wrong"]
    assert "1 article found" in response.content.decode()


def test_english_pages_find_an_article_written_only_in_russian(visitor_client, articles):
    assert "СМС-оповещения" in _titles(visitor_client.get("/en/help/search/", {"q": "коды"}))


def test_a_russian_only_article_on_an_english_page_shows_what_its_page_shows(visitor_client):
    category = make_category(slug="cards", name_ru="Карты", name_en="Cards")
    make_article(
        category=category,
        slug="card-blocked",
        title_ru="Карта заблокирована",
        summary_ru="Что делать, если карту заблокировали.",
    )
    body = visitor_client.get("/en/help/search/", {"q": "карта"}).content.decode()
    # The Russian title and summary (the article's page is Russian too), the English section,
    # and the English address.
    assert '<a href="/en/help/cards/card-blocked/">Карта заблокирована</a>' in body
    assert '<p class="faq-result__category muted">Cards</p>' in body
    assert "Что делать, если <mark>карту</mark> заблокировали." in body


def test_nothing_found_is_a_helpful_page(visitor_client, articles):
    response = visitor_client.get("/help/search/", {"q": "ипотека"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "По запросу «ипотека» ничего не найдено." in body
    assert "Проверьте написание" in body
    assert 'href="/appeal/"' in body


def test_an_empty_query_asks_what_to_look_for(visitor_client, articles):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = visitor_client.get("/help/search/", params)
        assert response.status_code == 200
        assert "Напишите в нескольких словах, что вы ищете" in response.content.decode()


@pytest.mark.parametrize(
    "junk",
    [
        "!!!",
        "a & | !",
        "' OR 1=1 --",
        "'; DROP TABLE faq_article; --",
        "платёж & !авторизация | (",
        "платёж:* <-> вход",
        '"незакрытая кавычка',
        "%_%",
        "\\",
        "\x00",
        "😀 🙈",
        "<script>alert(1)</script>",
    ],
)
def test_junk_and_query_syntax_never_break_the_page(visitor_client, articles, junk):
    response = visitor_client.get("/help/search/", {"q": junk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "\x00" not in body
    assert 'class="faq-empty"' in body  # nothing matches junk: the helpful "no results" page


def test_a_very_long_query_is_shortened_with_a_note(visitor_client, articles):
    response = visitor_client.get("/help/search/", {"q": "платёж " * 1000})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Запрос слишком длинный" in body
    assert "Ошибка в платеже" in _titles(response)


def test_parse_query_keeps_words_and_drops_punctuation():
    query = parse_query("  Ошибка, платежа!!! & | ' OR 1=1 -- a ")
    assert query.terms == ("Ошибка", "платежа", "OR")
    assert query.text == "Ошибка, платежа!!! & | ' OR 1=1 -- a"
    long = parse_query("x" * 5000)
    assert len(long.text) == MAX_QUERY_LENGTH and long.shortened
    assert not parse_query("!!! ? a").is_searchable
    assert parse_query(None).is_empty


def _title_and_count(response):
    body = response.content.decode()
    title = re.search(r"<title>(.*?)</title>", body, re.S).group(1)
    count = re.search(r'<p role="status" class="faq-count">(.*?)</p>', body, re.S)
    return title, count.group(1) if count else None


def test_the_title_and_the_count_name_the_query_in_the_page_language(visitor_client, articles):
    title, count = _title_and_count(visitor_client.get("/help/search/", {"q": "платёж"}))
    assert title == "Поиск: «платёж» — Справка"
    assert count == "По запросу «платёж» найдены 2 статьи."
    title, count = _title_and_count(visitor_client.get("/en/help/search/", {"q": "payment"}))
    assert title == "Search: “payment” — Spravka"
    assert count == "2 articles found for “payment”."  # the English one, and the Russian sms one
    title, count = _title_and_count(visitor_client.get("/help/search/"))
    assert title == "Поиск по помощи — Справка"
    assert count is None


@pytest.mark.parametrize(
    ("found", "sentence"),
    [
        (1, "По запросу «&lt;b&gt;» найдена 1 статья."),
        (3, "По запросу «&lt;b&gt;» найдены 3 статьи."),
        (5, "По запросу «&lt;b&gt;» найдено 5 статей."),
        (21, "По запросу «&lt;b&gt;» найдена 21 статья."),
    ],
)
def test_the_count_takes_the_russian_plural_and_escapes_the_query(found, sentence):
    from django.utils import translation

    from faq.templatetags.faq_search import results_count, search_title

    with translation.override("ru"):
        assert results_count([None] * found, "<b>") == sentence
        assert results_count([None] * 5, "a&b", corrected=True) == (
            "Показаны 5 статей по запросу «a&amp;b»."
        )
        assert search_title('"><script>') == "Поиск: «&quot;&gt;&lt;script&gt;»"
