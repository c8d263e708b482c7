"""Fifty visitors sending at the same moment: every appeal saved, every reference distinct."""

import secrets

import pytest
from django.db import connection
from django.test import Client

from tests.threads import run_at_once
from tests.tickets.factories import appeal_form_data
from tickets.models import Appeal, OutboxEmail

SENDERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_are_all_saved_with_distinct_references(settings, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    from tickets import content, references

    # 400 possible references for 50 appeals: collisions between parallel transactions happen,
    # and the retry has to settle them.
    small = references.ALPHABET[:20]
    monkeypatch.setattr(
        references,
        "new_reference",
        lambda: f"SP-22{secrets.choice(small)}-{secrets.choice(small)}22",
    )

    content.load()
    topic_pk = content.Topic.objects.get(slug="payments").pk
    settings.TICKETS_SUBMIT_LIMIT = 0  # one test address; the limit is tested elsewhere

    def send(n):
        topic = content.Topic(pk=topic_pk)
        response = Client().post("/appeal/", appeal_form_data(topic, subject=f"Обращение {n}"))
        return response.status_code

    statuses = run_at_once(SENDERS, send)
    assert statuses == [302] * SENDERS
    assert Appeal.objects.count() == SENDERS
    assert len(set(Appeal.objects.values_list("reference", flat=True))) == SENDERS
    assert set(Appeal.objects.values_list("subject", flat=True)) == {
        f"Обращение {n}" for n in range(SENDERS)
    }
    assert OutboxEmail.objects.count() == SENDERS
