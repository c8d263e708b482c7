"""GIN indexes for the full-text search, on PostgreSQL only (SQLite searches folded text).

One index per language on exactly the expression faq.search.document() builds: title weighted
A, summary B, text C. The expression is written out here rather than imported, so this
migration keeps meaning what it meant; tests/faq/test_search_postgresql.py checks that the
search query really uses these indexes.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {"ru": "russian", "en": "english"}


def _index(language, config):
    expression = (
        SearchVector(f"title_{language}", weight="A", config=config)
        + SearchVector(f"summary_{language}", weight="B", config=config)
        + SearchVector(f"body_text_{language}", weight="C", config=config)
    )
    return GinIndex(expression, name=f"faq_article_search_{language}")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language, config in INDEXES.items():
        schema_editor.add_index(Article, _index(language, config))


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language, config in INDEXES.items():
        schema_editor.remove_index(Article, _index(language, config))


class Migration(migrations.Migration):
    dependencies = [("faq", "0001_initial")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
