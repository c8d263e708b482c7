"""PostgreSQL full-text search: Russian and English word forms, weights, the GIN indexes."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from faq.models import Article
from faq.search import CONFIGS, document, parse_query, search_articles
from tests.faq.conftest import on_postgresql
from tests.faq.factories import make_article

pytestmark = [pytest.mark.django_db, on_postgresql]


def _found(text, language="ru"):
    return [r.article.slug for r in search_articles(parse_query(text), language=language)]


def test_russian_word_forms_find_each_other():
    make_article(slug="payment", title_ru="Платёж не прошёл", body_ru="Текст.")
    make_article(slug="login", title_ru="Вход", body_ru="Проблемы с авторизация и входом.")
    assert _found("платежи") == ["payment"]
    assert _found("ПЛАТЕЖАМИ") == ["payment"]
    assert _found("авторизации") == ["login"]
    assert _found("входа") == ["login"]


def test_english_word_forms_find_each_other_on_english_pages():
    make_article(slug="payment", title_en="Payments that failed", body_en="Text.")
    assert _found("payment failing", language="en") == ["payment"]


def test_title_outranks_summary_outranks_text():
    make_article(slug="in-text", title_ru="Первое", summary_ru="Кратко.", body_ru="Перевод.")
    make_article(slug="in-title", title_ru="Перевод", summary_ru="Кратко.", body_ru="Текст.")
    make_article(slug="in-summary", title_ru="Второе", summary_ru="Перевод.", body_ru="Текст.")
    assert _found("переводы") == ["in-title", "in-summary", "in-text"]


def test_the_headline_highlights_word_forms_and_is_escaped():
    make_article(body_ru="Ошибка в платеже <b>жирным</b> & «кавычки».")
    [result] = search_articles(parse_query("платёж"), language="ru")
    assert "<mark>платеже</mark>" in result.snippet
    assert "<b>" not in result.snippet and "&amp;" in result.snippet


def test_a_query_of_stop_words_only_finds_nothing_without_an_error():
    make_article(body_ru="Как и где.")
    assert _found("как и где") == []


def test_search_uses_the_gin_index_of_each_language():
    make_article(title_ru="Платёж", title_en="Payment", body_en="Text.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'faq_article' "
            "AND indexname LIKE 'faq_article_search_%%'"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"faq_article_search_ru", "faq_article_search_en"}
    assert "USING gin" in indexes["faq_article_search_ru"]
    assert "'russian'::regconfig" in indexes["faq_article_search_ru"]
    assert "'english'::regconfig" in indexes["faq_article_search_en"]
    # An expression index serves only a query with the very same expression: with sequential
    # and plain index scans off, only a bitmap scan of the GIN index can answer this.
    for code in ("ru", "en"):
        query = SearchQuery("платёж", config=CONFIGS[code])
        queryset = Article.objects.alias(document=document(code)).filter(document=query)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Bitmap Index Scan on faq_article_search_{code}" in plan, plan
