"""The SQLite search index: an FTS5 table of each article's folded title, summary and text.

Scanning `search_text_<lang>` with LIKE read every article's text on every query: 50 MB and
several hundred milliseconds at 5,000 articles, even for a word found nowhere. FTS5 looks the
words up in its own index and ranks them with bm25 from that index, title above summary above
text, so no article text is read to find or order results. The texts are folded (lower case, ё
as е: faq.text.fold); FTS5 does not stem, so faq.search drops a common ending and searches the
rest as a word prefix.

Only published articles are in it: a status column would be read from the stored copy for every
match (SQLite reads the whole row, overflow pages and all: 90 ms for a common word at 5,000).

The table holds its own copy (rowid = article id) and is written by Article.index_for_search()
and a post_delete handler, not by triggers: Django rebuilds a SQLite table to alter it, and
triggers on the old table would silently vanish with it. PostgreSQL does not use this module.
"""

from django.db import connection

TABLE = "faq_article_fts"
PARTS = ("title", "summary", "text")
# bm25 weights of title, summary and text: the same order of importance as PostgreSQL's A, B, C.
WEIGHTS = {"title": 10.0, "summary": 4.0, "text": 1.0}


def columns(languages) -> list[str]:
    return [f"{part}_{code}" for code in languages for part in PARTS]


def create_sql(languages) -> str:
    return f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(columns(languages))})"


def write(pk: int, *, published: bool, texts: dict[str, str]) -> None:
    """(Re)index one article, or take a draft out; `texts` maps e.g. "title_ru" to folded text."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [pk])  # noqa: S608
        if not published:
            return
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, {', '.join(texts)}) "  # noqa: S608
            f"VALUES (%s, {', '.join(['%s'] * len(texts))})",
            [pk, *texts.values()],
        )


def delete(pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [pk])  # noqa: S608


def match_expression(groups: list[list[list[str]]], languages: list[str]) -> str:
    """Every group somewhere in one language's title, summary and text, in any language.

    A group is a query word with its synonyms (faq.search.match_groups): one of its options must
    match, an option being one word prefix or a phrase of them (`"личн"* + "кабинет"*`). The
    prefixes are letters and digits only (faq.text.words); quoted all the same, so that no word
    is read as an FTS5 operator (AND, OR, NOT, NEAR).
    """
    every_word = " AND ".join(
        "(" + " OR ".join(" + ".join(f'"{p}"*' for p in option) for option in group) + ")"
        for group in groups
    )
    return " OR ".join(f"{{{' '.join(columns([code]))}}} : ({every_word})" for code in languages)


def search(groups, languages: list[str], all_languages, limit: int, offset: int = 0) -> list[int]:
    """Ids of published articles matching every group, best first (bm25), from `offset`."""
    weights = [WEIGHTS[part] for _code in all_languages for part in PARTS]
    sql = (
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s "  # noqa: S608
        f"ORDER BY bm25({TABLE}, {', '.join(map(str, weights))}), rowid LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_expression(groups, languages), limit, offset])
        return [row[0] for row in cursor.fetchall()]
