"""Appeals move on by themselves: unanswered → resolved (the visitor is told) → closed; a
visitor's reply reopens a resolved appeal; a closed one offers a new appeal."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core import loop as core_loop
from tests.threads import run_at_once
from tests.tickets.factories import admin_change_data, make_appeal
from tickets import lifecycle, services
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def _in_status(topic, status, *, days_ago, **fields):
    appeal = make_appeal(topic, **fields)
    Appeal.objects.filter(pk=appeal.pk).update(
        status=status, status_changed_at=timezone.now() - timedelta(days=days_ago)
    )
    appeal.refresh_from_db()
    return appeal


def test_an_appeal_left_unanswered_for_a_week_is_resolved_and_the_visitor_told(topic):
    stale = _in_status(topic, "waiting", days_ago=7.1)
    recent = _in_status(topic, "waiting", days_ago=6.9, email="boris@example.org")
    out = StringIO()
    call_command("appeal_lifecycle", stdout=out)
    assert "resolved 1, closed 0" in out.getvalue()

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert (stale.status, recent.status) == ("resolved", "waiting")
    email = OutboxEmail.objects.get(kind="auto_resolved")
    assert email.to == "anna@example.org"
    assert "не отвечали 7 дней" in email.body
    assert "Оцените ответ от 1 до 5" in email.body
    event = stale.events.get(kind="status")
    assert (event.actor, event.by_visitor, event.old_value, event.new_value) == (
        None,
        False,
        "waiting",
        "resolved",
    )
    assert event.who == "Система"


def test_a_new_message_from_support_restarts_the_wait(topic, agent):
    appeal = _in_status(topic, "waiting", days_ago=8)
    services.reply_from_staff(appeal=appeal, author=agent, body="Напомним: нужен номер чека.")
    lifecycle.run()
    appeal.refresh_from_db()
    assert appeal.status == "waiting"
    assert not OutboxEmail.objects.filter(kind="auto_resolved").exists()


def test_a_resolved_appeal_is_closed_a_week_later_without_an_email(topic):
    resolved = _in_status(topic, "resolved", days_ago=8)
    fresh = _in_status(topic, "resolved", days_ago=2)
    report = lifecycle.run()
    assert report.closed == [resolved.reference]
    resolved.refresh_from_db()
    fresh.refresh_from_db()
    assert (resolved.status, fresh.status) == ("closed", "resolved")
    assert not OutboxEmail.objects.exclude(kind="confirmation").exists()


def test_the_days_come_from_the_settings(topic, settings):
    settings.TICKETS_AUTO_RESOLVE_DAYS = 3
    appeal = _in_status(topic, "waiting", days_ago=3.5)
    lifecycle.run()
    appeal.refresh_from_db()
    assert appeal.status == "resolved"


def test_an_appeal_resolved_by_the_runner_is_not_closed_in_the_same_run(topic):
    appeal = _in_status(topic, "waiting", days_ago=30)
    lifecycle.run()
    lifecycle.run()
    appeal.refresh_from_db()
    assert appeal.status == "resolved"
    assert OutboxEmail.objects.filter(kind="auto_resolved").count() == 1


def test_appeals_support_still_owes_an_answer_are_never_touched(topic):
    new = _in_status(topic, "new", days_ago=60)
    working = _in_status(topic, "in_progress", days_ago=60)
    lifecycle.run()
    new.refresh_from_db()
    working.refresh_from_db()
    assert (new.status, working.status) == ("new", "in_progress")


def test_a_visitor_reply_reopens_a_resolved_appeal(client, topic):
    appeal = _in_status(topic, "resolved", days_ago=3)
    response = client.post(appeal.get_absolute_url(), {"body": "Нет, деньги так и не пришли."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    # Reopened today: the lifecycle counts from now, not from when it was resolved.
    assert timezone.now() - appeal.status_changed_at < timedelta(minutes=1)
    assert appeal.due_at > timezone.now()
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Нет, деньги так и не пришли." in page and "В работе" in page


def test_a_closed_appeal_offers_a_new_appeal_on_the_same_topic(client, topic):
    appeal = _in_status(topic, "closed", days_ago=1)
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Написать новое обращение на ту же тему" in page
    assert f'href="/appeal/?topic={topic.slug}"' in page
    form = client.get(f"/appeal/?topic={topic.slug}").content.decode()
    assert re.search(rf'value="{topic.pk}" id="id_topic_\d" required checked', form)


def test_staff_resolving_an_appeal_emails_the_visitor_a_rating_request(topic, agent_client):
    appeal = make_appeal(topic)
    url = f"/admin/tickets/appeal/{appeal.pk}/change/"
    data = admin_change_data(agent_client.get(url).content.decode(), status="resolved")
    assert agent_client.post(url, data).status_code == 302
    email = OutboxEmail.objects.get(kind="resolved")
    assert "Мы решили ваш вопрос?" in email.body
    assert appeal.get_absolute_url() + "#rating" in email.body


def test_the_loop_survives_an_error_and_stops_on_request(topic, monkeypatch):
    from tickets.management.commands import appeal_lifecycle

    appeal = _in_status(topic, "waiting", days_ago=8)
    calls, closed, pauses = [], [], []
    real_run = lifecycle.run

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database restarting")
        report = real_run(**kwargs)
        command._stopping = True
        return report

    monkeypatch.setattr(lifecycle, "run", flaky)
    # The test's own transaction must survive: record the reconnects instead of doing them.
    monkeypatch.setattr(core_loop, "close_connections", lambda: closed.append(1))
    monkeypatch.setattr(core_loop, "close_old_connections", lambda: None)
    command = appeal_lifecycle.Command(stdout=StringIO(), stderr=StringIO())
    monkeypatch.setattr(command, "_sleep", pauses.append)
    command._stopping = False
    command._loop(interval=60, batch=10)
    assert (len(calls), len(closed), pauses) == (2, 1, [1.0])
    appeal.refresh_from_db()
    assert appeal.status == "resolved"


@pytest.mark.django_db(transaction=True)
def test_two_runners_at_once_never_send_twice(topic):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    appeals = [
        _in_status(topic, "waiting", days_ago=8, email=f"v{n}@example.org") for n in range(40)
    ]
    reports = run_at_once(2, lambda _n: lifecycle.run(batch=100))
    moved = [ref for report in reports for ref in report.resolved]
    assert sorted(moved) == sorted(a.reference for a in appeals)  # each once, by one runner
    assert OutboxEmail.objects.filter(kind="auto_resolved").count() == 40
    assert Appeal.objects.filter(status="resolved").count() == 40
    for appeal in appeals:
        assert appeal.events.filter(kind="status").count() == 1
