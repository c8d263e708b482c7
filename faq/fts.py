"""The SQLite search index: an FTS5 table of each article's folded search text.

Scanning `search_text_<lang>` with LIKE read every article's text on every query: 50 MB and
several hundred milliseconds at 5,000 articles, even for a word found nowhere. FTS5 looks the
words up in its own index. Its `unicode61` tokenizer folds letter case (Cyrillic too) and ё to
е; it does not stem, so faq.search drops a common ending and searches the rest as a word prefix.

The table holds its own copy of the text (rowid = article id) and is written by Article.save()
and a post_delete handler, not by triggers: Django rebuilds a SQLite table to alter it, and
triggers on the old table would silently vanish with it. PostgreSQL does not use this module.
"""

from django.db import connection

TABLE = "faq_article_fts"
COLUMNS = ("search_text_ru", "search_text_en")


def create(cursor) -> None:
    cursor.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(COLUMNS)})")


def drop(cursor) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def index_article(pk: int, texts: dict[str, str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "  # noqa: S608
            f"VALUES (%s, {', '.join(['%s'] * len(COLUMNS))})",
            [pk, *(texts.get(column) or "" for column in COLUMNS)],
        )


def unindex_article(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [pk])  # noqa: S608


def match_expression(prefixes: list[str], languages: list[str]) -> str:
    """Every prefix in one language's column, in any of the languages.

    The prefixes are letters and digits only (faq.text.words); quoted all the same, so that no
    word is read as an FTS5 operator (AND, OR, NOT, NEAR).
    """
    every_word = " AND ".join(f'"{prefix}"*' for prefix in prefixes)
    return " OR ".join(f"{{search_text_{code}}} : ({every_word})" for code in languages)


def matching_ids_sql() -> str:
    return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"  # noqa: S608
