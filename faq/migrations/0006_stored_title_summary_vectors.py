"""Each language's title (A) and summary (B) as a stored tsvector of its own, GIN-indexed.

A word found in most articles matched thousands of whole documents; ranking them all meant
reading each one's TOASTed `search_vector_<lang>` (about 5 KB), so only the first 500 matches in
table order were ranked and a better article further on was never shown. faq.search now ranks
every article whose title or summary matches from these small columns first, and reads whole
documents only to fill the page with matches in the text (PostgreSQL only; NULL on SQLite).

The expression is written out here rather than imported, so this migration keeps meaning what
it meant.
"""

import django.contrib.postgres.search
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

CONFIGS = {"ru": "russian", "en": "english"}


def _index(language):
    return GinIndex(fields=[f"search_head_{language}"], name=f"faq_article_head_{language}")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language, config in CONFIGS.items():
        # The index first: after the UPDATE, the row's deferred foreign-key checks are pending
        # and PostgreSQL refuses CREATE INDEX in the same transaction.
        schema_editor.add_index(Article, _index(language))
        Article.objects.update(
            **{
                f"search_head_{language}": (
                    SearchVector(f"title_{language}", weight="A", config=config)
                    + SearchVector(f"summary_{language}", weight="B", config=config)
                )
            }
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("faq", "Article")
    for language in CONFIGS:
        schema_editor.remove_index(Article, _index(language))


class Migration(migrations.Migration):
    dependencies = [("faq", "0005_article_revisions_scheduling_review_and_vote_reasons")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_head_en",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="article",
            name="search_head_ru",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
