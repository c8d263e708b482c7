"""Stored, weighted search documents on PostgreSQL; an FTS5 word index on SQLite.

Migration 0002 indexed the expression `to_tsvector(title) || ... (body_text)`. A word found in
most articles made the planner skip that index and parse every matching text twice per query
(filter and rank): seconds per search at 5,000 articles. Now each language's document is stored
in `search_vector_<lang>` (filled by Article.save() on PostgreSQL), GIN-indexed, and both the
filter and the rank read it. On SQLite the columns exist but stay empty: that search reads
`search_text_<lang>` through an FTS5 index (faq/fts.py), created here on SQLite only.

The expression is written out here rather than imported, so this migration keeps meaning what
it meant.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

from faq.text import fold

CONFIGS = {"ru": "russian", "en": "english"}


def _old_index(language, config):
    expression = (
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_text_{language}", weight="C", config=config)
    )
    return GinIndex(expression, name=f"faq_article_search_{language}")


def _new_index(language):
    return GinIndex(fields=[f"search_vector_{language}"], name=f"faq_article_vector_{language}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        return _create_sqlite_index(apps, schema_editor)
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language, config in CONFIGS.items():
        schema_editor.remove_index(Article, _old_index(language, config))
        Article.objects.update(
            **{
                f"search_vector_{language}": (
                    SearchVector(f"title_{language}", weight="A", config=config)
                    + SearchVector(f"summary_{language}", weight="B", config=config)
                    + SearchVector(f"body_text_{language}", weight="C", config=config)
                )
            }
        )
        schema_editor.add_index(Article, _new_index(language))


def _create_sqlite_index(apps, schema_editor):
    # The FTS5 table of faq/fts.py, written out here so this migration keeps its meaning.
    Article = apps.get_model("faq", "Article")
    parts = {"title": "title", "summary": "summary", "text": "body_text"}
    columns = [f"{part}_{code}" for code in CONFIGS for part in parts]
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE faq_article_fts USING fts5({', '.join(columns)})"
        )
        fields = [f"{field}_{code}" for code in CONFIGS for field in parts.values()]
        published = Article.objects.filter(status="published")
        for pk, *texts in published.values_list("pk", *fields):
            cursor.execute(
                f"INSERT INTO faq_article_fts (rowid, {', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * (1 + len(columns)))})",
                [pk, *(fold(t or "") for t in texts)],
            )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS faq_article_fts")
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language, config in CONFIGS.items():
        schema_editor.remove_index(Article, _new_index(language))
        schema_editor.add_index(Article, _old_index(language, config))


class Migration(migrations.Migration):
    dependencies = [("faq", "0002_search_indexes")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_vector_ru",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
