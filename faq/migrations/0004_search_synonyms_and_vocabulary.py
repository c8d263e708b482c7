"""Search synonyms staff edit, and the vocabulary "did you mean" corrects against.

On PostgreSQL: the pg_trgm extension (needs a role allowed to CREATE EXTENSION, or the extension
made beforehand by a superuser: `CREATE EXTENSION pg_trgm;`) and a GIN trigram index on the
vocabulary's words. Ships a few synonym groups from the support seed's vocabulary (staff edit or
delete them; they are not added again) and builds the vocabulary from the published articles.
"""

import re
from collections import Counter

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

TRIGRAM_INDEX = "faq_searchword_trgm"

# Written as the seed and the visitors write them (SMS notifications, QIWI, terminals, login).
SHIPPED_GROUPS = [
    "смс, sms, сообщение",
    "киви, qiwi",
    "уведомление, оповещение",
    "кошелек, wallet",
    "платеж, оплата, payment",
    "терминал, автомат, terminal",
    "вход, авторизация, логин, login",
    "чек, квитанция, receipt",
    "приложение, app",
    "пароль, password",
]

# faq.vocabulary's rule, written out: words of 3-40 letters (no digits).
_WORD = re.compile(r"[^\W_]+")
_LETTERS = re.compile(r"^[^\W\d_]{3,40}$")


def _words(text):
    return {word for word in _WORD.findall(text or "") if _LETTERS.match(word)}


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON faq_searchword "
        "USING gin (word gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def ship_synonyms(apps, schema_editor):
    SearchSynonym = apps.get_model("faq", "SearchSynonym")
    for words in SHIPPED_GROUPS:
        SearchSynonym.objects.get_or_create(words=words)


def build_vocabulary(apps, schema_editor):
    Article = apps.get_model("faq", "Article")
    SearchWord = apps.get_model("faq", "SearchWord")
    counts = {"ru": Counter(), "en": Counter()}
    rows = Article.objects.filter(status="published").values_list(
        "search_text_ru", "search_text_en"
    )
    for text_ru, text_en in rows.iterator(chunk_size=200):
        counts["ru"].update(_words(text_ru))
        counts["en"].update(_words(text_en))
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, language=language, frequency=n)
            for language, counter in counts.items()
            for word, n in counter.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0003_stored_search_vectors"),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                (
                    "words",
                    models.CharField(
                        help_text="Two or more words or short phrases that mean the same, separated by commas, for example “смс, sms, сообщение”. Letter case and ё do not matter.",
                        max_length=500,
                        verbose_name="words",
                    ),
                ),
            ],
            options={
                "verbose_name": "search synonym group",
                "verbose_name_plural": "search synonyms",
                "ordering": ["words"],
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, verbose_name="word")),
                ("language", models.CharField(max_length=8, verbose_name="language")),
                (
                    "frequency",
                    models.PositiveIntegerField(default=0, verbose_name="articles using it"),
                ),
            ],
            options={
                "verbose_name": "search vocabulary word",
                "verbose_name_plural": "search vocabulary",
                "ordering": ["language", "word"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("language", "word"), name="faq_searchword_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(ship_synonyms, migrations.RunPython.noop),
        migrations.RunPython(build_vocabulary, migrations.RunPython.noop),
    ]
