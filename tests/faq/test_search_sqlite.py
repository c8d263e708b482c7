"""The SQLite fallback: Cyrillic letter case, ё as е, rough word endings, all words required."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from faq import fts
from faq.search import folded_snippet, parse_query, search_articles, stem
from faq.text import fold
from tests.faq.conftest import on_sqlite
from tests.faq.factories import make_article

pytestmark = [pytest.mark.django_db, on_sqlite]


def _found(text, language="ru"):
    return [r.article.slug for r in search_articles(parse_query(text), language=language)]


def test_cyrillic_letter_case_does_not_matter():
    make_article(slug="payment", title_ru="Платёж не прошёл", body_ru="Текст.")
    assert _found("ПЛАТЁЖ") == ["payment"]
    assert _found("пЛаТёЖ") == ["payment"]


def test_yo_and_ye_are_the_same_letter_both_ways():
    make_article(slug="yo", title_ru="Ошибка: платёж", body_ru="Текст.")
    make_article(slug="ye", title_ru="Ошибка: платеж", body_ru="Текст.")
    assert sorted(_found("платеж")) == ["ye", "yo"]
    assert sorted(_found("ПЛАТЁЖ")) == ["ye", "yo"]


def test_common_word_endings_are_forgiven():
    make_article(slug="payment", title_ru="Платёж", body_ru="Текст.")
    make_article(slug="login", title_ru="Вход", body_ru="Проблемы с авторизацией.")
    assert _found("платежи") == ["payment"]
    assert _found("авторизации") == ["login"]


def test_the_search_column_is_kept_up_to_date_on_save():
    article = make_article(title_ru="Старое", body_ru="Текст.")
    article.title_ru = "Новое ЗАГЛАВИЕ с ёлкой"
    article.save()
    article.refresh_from_db()
    assert "новое заглавие с елкой" in article.search_text_ru
    assert _found("ЁЛКОЙ") == [article.slug]


def test_fold_keeps_one_character_per_character():
    text = "Ёлка İstanbul ПЛАТЁЖ"
    assert fold(text) == "елка İstanbul платеж"
    assert len(fold(text)) == len(text)


def test_stem_drops_one_ending_and_keeps_short_words_whole():
    assert stem("Платежи") == "платеж"
    assert stem("авторизации") == "авторизац"
    assert stem("payments") == "payment"
    assert stem("вход") == "вход"


def test_the_snippet_marks_the_matched_words_and_escapes_the_rest():
    html = folded_snippet("Если <платёж> не прошёл & ПЛАТЕЖИ зависли", ["платежи"])
    assert html == "Если &lt;<mark>платёж</mark>&gt; не прошёл &amp; <mark>ПЛАТЕЖИ</mark> зависли"


def test_an_unpublished_or_deleted_article_leaves_the_word_index():
    from faq.services import article_unpublish

    kept = make_article(slug="kept", title_ru="Платёж")
    hidden = make_article(slug="hidden", title_ru="Платёж")
    gone = make_article(slug="gone", title_ru="Платёж")
    article_unpublish(article=hidden)
    gone.delete()
    assert _found("платёж") == ["kept"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {fts.TABLE}")  # noqa: S608 (a constant)
        assert [row[0] for row in cursor.fetchall()] == [kept.pk]


def test_a_word_is_found_as_the_beginning_of_a_word_not_inside_one():
    make_article(slug="prepaid", title_ru="Предоплата", body_ru="Текст.")
    make_article(slug="payment", title_ru="Оплата картой", body_ru="Текст.")
    assert _found("оплата") == ["payment"]


def test_rerendering_articles_keeps_them_findable():
    make_article(slug="payment", title_ru="Платёж", body_ru="Текст про квитанцию.")
    call_command("render_articles", stdout=StringIO())
    assert _found("квитанция") == ["payment"]
