"""The data migrations of issue 8: existing form tokens hashed, existing visitor text cleaned."""

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("tickets", "0001_initial")]
AFTER = [("tickets", "0003_clean_visitor_text")]


@pytest.fixture
def _latest_schema_after():
    # This test walks tickets back to 0001 (and privacy, which depends on it): every later test
    # needs the whole current schema again, whatever migrations come after these two.
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_latest_schema_after")
def test_existing_tokens_are_hashed_and_existing_text_is_cleaned():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    topic = old.get_model("tickets", "Topic").objects.create(slug="t", name_ru="Т", name_en="T")
    now = timezone.now()
    appeal = old.get_model("tickets", "Appeal").objects.create(
        reference="SP-222-333",
        link_secret="s",
        idempotency_key="raw-token-0123456789abc",
        topic=topic,
        name="Анна\u202e\x1b[2J",
        email="a@example.org",
        subject="Тема\nвторая строка\x07",
        description="Раз\r\nдва\x1b",
        consent_at=now,
        created_at=now,
        due_at=now,
    )
    old.get_model("tickets", "Reply").objects.create(
        appeal=appeal, author_kind="visitor", body="Ответ\u202e", idempotency_key="raw-reply-1"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    appeal = new.get_model("tickets", "Appeal").objects.get()
    reply = new.get_model("tickets", "Reply").objects.get()
    assert appeal.idempotency_key == hashlib.sha256(b"raw-token-0123456789abc").hexdigest()
    assert reply.idempotency_key == hashlib.sha256(b"raw-reply-1").hexdigest()
    assert appeal.name == "Анна[2J"
    assert appeal.subject == "Тема вторая строка"
    assert appeal.description == "Раз\nдва"
    assert reply.body == "Ответ"
