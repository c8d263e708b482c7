"""`fetch_mail --loop` outlives a mailbox that is down (logged, capped back-off) and picks the
mail up once it is back; SIGTERM stops it between runs."""

import logging
import os
import signal
from io import StringIO

import pytest
from django.core.management import call_command

from core import loop as core_loop
from tests.servers import free_port
from tests.tickets.factories import make_appeal
from tests.tickets.mails import build
from tickets.inbound.addresses import reply_address
from tickets.management.commands import fetch_mail

pytestmark = pytest.mark.django_db


def test_the_fetcher_waits_out_a_mailbox_outage_and_then_imports(
    topic, mailbox, settings, monkeypatch, caplog
):
    appeal = make_appeal(topic)
    mailbox.append(build(to=reply_address(appeal.reference, appeal.link_secret)))
    settings.TICKETS_IMAP_LOOP_MAX_BACKOFF = 4
    real_port = settings.TICKETS_IMAP_PORT
    settings.TICKETS_IMAP_PORT = free_port()  # nothing listens there: the mailbox is "down"
    pauses = []

    def sleep(command, seconds):
        pauses.append(seconds)
        if len(pauses) == 4:
            settings.TICKETS_IMAP_PORT = real_port  # the mail server is back
        if len(pauses) == 5:
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd does on `systemctl stop`

    monkeypatch.setattr(fetch_mail.Command, "_sleep", sleep)
    # Closing connections would end the test's own transaction on PostgreSQL.
    monkeypatch.setattr(core_loop, "close_old_connections", lambda: None)
    monkeypatch.setattr(core_loop, "close_connections", lambda: None)
    out = StringIO()
    with caplog.at_level(logging.ERROR, logger="tickets.inbound"):
        call_command("fetch_mail", "--loop", "--interval", "30", stdout=out, stderr=out)

    assert pauses == [1, 2, 4, 4, 30]
    assert "Mail fetch failed (1 in a row)" in caplog.text
    assert "Mail: imported 1" in out.getvalue()
    assert "Mail fetcher stopped." in out.getvalue()
    assert appeal.replies.count() == 1
