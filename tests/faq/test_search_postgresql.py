"""PostgreSQL full-text search: Russian and English word forms, weights, the GIN indexes."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faq.models import Article
from faq.search import CONFIGS, parse_query, search_articles
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


def test_search_reads_the_stored_document_through_its_gin_index():
    make_article(title_ru="Платёж", title_en="Payment", body_en="Text.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'faq_article' "
            "AND indexname LIKE 'faq_article_%%'"
        )
        indexes = dict(cursor.fetchall())
    # The old expression indexes are gone: nothing queries that expression any more.
    assert "faq_article_search_ru" not in indexes
    assert "USING gin (search_vector_ru)" in indexes["faq_article_vector_ru"]
    assert "USING gin (search_vector_en)" in indexes["faq_article_vector_en"]
    for code in ("ru", "en"):
        query = SearchQuery("платёж", config=CONFIGS[code])
        queryset = Article.objects.filter(**{f"search_vector_{code}": query})
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert f"Bitmap Index Scan on faq_article_vector_{code}" in plan, plan
        # No document is parsed per row: the filter reads the stored column.
        assert "to_tsvector" not in plan, plan


def test_the_stored_document_follows_an_edit():
    article = make_article(slug="edited", title_ru="Вход", body_ru="Текст.")
    assert _found("платёж") == []
    article.title_ru = "Платёж"
    article.save()
    assert _found("платёж") == ["edited"]


def test_snippets_are_made_for_the_returned_rows_only():
    for number in range(5):
        make_article(slug=f"a{number}", body_ru=f"Платёж номер {number}.")
    query = parse_query("платёж")  # reads the synonym groups once (then cached)
    with CaptureQueriesContext(connection) as captured:
        results = search_articles(query, language="ru", limit=2)
    assert len(results) == 2
    assert all("<mark>Платёж</mark>" in result.snippet for result in results)
    # One statement: the ranking (ending in the page's LIMIT) reads no text; the snippets are
    # made by the SELECT over its rows.
    [statement] = [q["sql"] for q in captured.captured_queries]
    ranked, _, rows = statement.rpartition("LIMIT 2)")
    assert ranked.startswith("WITH ranked AS (")
    assert "ts_headline" not in ranked and '"body_text_ru"' not in ranked
    assert "ts_headline" in rows and "FROM ranked" in rows


@pytest.mark.django_db(transaction=True)
def test_did_you_mean_reads_the_trigram_index_not_every_word():
    """At a vocabulary of ~1,500 words the planner would read the table whole and compute the
    similarity of every word (3.5 ms at 1,100 words, against 0.07 ms through the index). Every
    word of a query is answered in one statement (faq_closest_words(), migration faq/0007)."""
    from faq import vocabulary
    from faq.search_models import SearchWord

    SearchWord.objects.bulk_create(
        [
            SearchWord(word=f"слово{number:04d}", language="ru", frequency=1)
            for number in range(1500)
        ]
        + [SearchWord(word="электронной", language="ru", frequency=3)]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE faq_searchword")
    before = _vocabulary_scans()
    with CaptureQueriesContext(connection) as statements:
        found = vocabulary.corrections(["электроннной", "электронной", "zz", "ыыыыыы"], ["ru"])
    # Misspelt: the closest word; known: kept; too short to correct; nothing close enough.
    assert found == ["электронной", None, None, None]
    assert len(statements) == 1
    after = _vocabulary_scans()
    # Two words were looked up by trigrams, each through the index; the table was never read whole.
    assert after["trigram"] - before["trigram"] == 2
    assert after["whole"] == before["whole"]


def _vocabulary_scans() -> dict[str, int]:
    """How often the vocabulary was read whole and through its trigram index, as the statistics
    collector counts them (this connection's counts are flushed first)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT t.seq_scan, i.idx_scan FROM pg_stat_user_tables t "
            "JOIN pg_stat_user_indexes i ON i.relid = t.relid "
            "WHERE t.relname = 'faq_searchword' AND i.indexrelname = 'faq_searchword_trgm'"
        )
        whole, trigram = cursor.fetchone()
    return {"whole": whole, "trigram": trigram}


def _prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE 'WITH ranked AS%%'"
        )
        return cursor.fetchall()


def test_the_search_statement_is_prepared_once_per_connection_and_finds_the_same():
    make_article(slug="payment", title_ru="Платёж не прошёл", body_ru="Текст.")
    make_article(slug="in-text", title_ru="Вход", body_ru="Ошибка платежа при входе.")
    # Each test ends in a rollback, after which psycopg deallocates what it had prepared.
    assert _prepared_statements() == []
    assert _found("платежи") == ["payment", "in-text"]
    assert _prepared_statements() == []  # a single run is not worth preparing
    # A common word, a rare one, a phrase: one statement, planned once, the same answers.
    assert _found("платёж") == ["payment", "in-text"]
    assert _found("входе") == ["in-text"]
    assert _found("платёж вход") == ["in-text"]
    [(statement, runs)] = _prepared_statements()
    assert "$1" in statement and runs == 3
    # The query log shows the SQL itself: where queries are logged, the cursor is a plain one.
    with CaptureQueriesContext(connection) as queries:
        assert _found("платёж") == ["payment", "in-text"]
    assert any("WITH ranked AS" in query["sql"] for query in queries.captured_queries)


def test_without_prepared_statements_the_search_prepares_nothing(monkeypatch):
    make_article(slug="payment", title_ru="Платёж не прошёл", body_ru="Текст.")
    # DATABASE_PREPARED_STATEMENTS=false (behind a transaction-mode pooler) leaves it out.
    monkeypatch.delitem(connection.settings_dict["OPTIONS"], "prepare_threshold")
    for _ in range(3):
        assert _found("платежи") == ["payment"]
    assert _prepared_statements() == []


def test_the_query_is_parsed_once_per_search_not_once_per_ranked_row():
    # A common word ranks every title that has it: the tsquery must be a value worked out once
    # (an InitPlan's parameter), not to_tsquery() called again for each of those rows.
    for n in range(3):
        make_article(title_ru=f"Платёж {n}", body_ru="Текст.")
    with CaptureQueriesContext(connection) as queries:
        search_articles(parse_query("платёж"), language="ru")
    [sql] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH ranked")]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (VERBOSE) " + sql.replace("%", "%%"))
        plan = [row[0] for row in cursor.fetchall()]
    ranked = [line for line in plan if "ts_rank(" in line or "@@" in line]
    assert ranked, plan
    assert all("to_tsquery" not in line and "::tsquery" not in line for line in ranked), plan
    assert any("InitPlan" in line for line in plan), plan
