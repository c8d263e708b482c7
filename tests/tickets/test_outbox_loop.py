"""`send_outbox --loop` outlives any error: it logs it, waits longer after each one (capped),
and carries on; SIGTERM stops it between messages."""

import logging
import os
import signal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DataError, OperationalError

from core import loop as core_loop
from tests.tickets.factories import make_appeal
from tickets import mail
from tickets.management.commands import send_outbox
from tickets.models import OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def pauses(monkeypatch):
    # Outside a test the loop drops idle connections between runs; here that would end the
    # test's own transaction on PostgreSQL.
    monkeypatch.setattr(core_loop, "close_old_connections", lambda: None)
    taken = []
    monkeypatch.setattr(send_outbox.Command, "_sleep", lambda self, seconds: taken.append(seconds))
    return taken


def _loop(*args):
    out = StringIO()
    call_command("send_outbox", "--loop", "--interval", "30", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_a_database_error_in_one_run_does_not_end_the_loop(
    topic, monkeypatch, pauses, mailoutbox, caplog, settings
):
    settings.TICKETS_OUTBOX_LOOP_MAX_BACKOFF = 4
    make_appeal(topic)
    real_send_due = mail.send_due
    runs = []

    def flaky_send_due(**kwargs):
        runs.append(1)
        if len(runs) <= 4:
            raise OperationalError("server closed the connection unexpectedly")
        report = real_send_due(**kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # as systemd does on `systemctl stop`
        return report

    monkeypatch.setattr(send_outbox, "send_due", flaky_send_due)
    # Recorded, not done: closing would end the test's own transaction on PostgreSQL.
    closed = []
    monkeypatch.setattr(core_loop, "close_connections", lambda: closed.append(1))
    with caplog.at_level(logging.ERROR, logger="tickets.outbox"):
        output = _loop()
    assert len(mailoutbox) == 1
    assert "Outbox: sent 1" in output
    assert "Outbox sender stopped." in output
    # One second, then twice as long after each further failure, never more than the cap.
    assert pauses == [1, 2, 4, 4]
    assert len(closed) == 4  # a broken connection is never reused
    failures = [r for r in caplog.records if "Outbox run failed" in r.getMessage()]
    assert len(failures) == 4
    assert failures[0].exc_info is not None  # the traceback is in the log


def test_sigterm_stops_between_messages_and_leaves_the_rest_waiting(
    topic, monkeypatch, pauses, mailoutbox
):
    for _ in range(3):
        make_appeal(topic)
    real_send = mail.EmailMessage.send

    def send_then_get_stopped(self, *args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", send_then_get_stopped)
    _loop()
    assert len(mailoutbox) == 1
    assert OutboxEmail.objects.filter(state="sent").count() == 1
    assert OutboxEmail.objects.filter(state="pending").count() == 2


def test_a_bad_message_is_put_off_and_the_others_go_out(topic, monkeypatch, mailoutbox):
    first, second = make_appeal(topic), make_appeal(topic)
    bad = OutboxEmail.objects.get(appeal=first)
    real_save = OutboxEmail.save

    def save(self, *args, **kwargs):
        if self.pk == bad.pk and self.state == "sent":
            raise DataError("value too long for type character varying(10)")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(OutboxEmail, "save", save)
    call_command("send_outbox", stdout=StringIO(), stderr=StringIO())
    bad.refresh_from_db()
    assert bad.state == "pending"
    assert bad.attempts == 1
    assert "DataError" in bad.last_error
    assert OutboxEmail.objects.get(appeal=second).state == "sent"


def test_a_day_long_outage_keeps_the_pause_at_its_cap(monkeypatch, pauses, settings):
    settings.TICKETS_OUTBOX_LOOP_MAX_BACKOFF = 60
    runs = []

    def down(**kwargs):
        runs.append(1)
        if len(runs) > 1500:  # at 60 s a pause, a day and more
            os.kill(os.getpid(), signal.SIGTERM)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(send_outbox, "send_due", down)
    monkeypatch.setattr(core_loop, "close_connections", lambda: None)
    logging.disable(logging.CRITICAL)
    try:
        _loop()
    finally:
        logging.disable(logging.NOTSET)
    assert len(pauses) == 1500
    assert pauses[-1] == 60
