"""`send_outbox` on several hosts at once: two real processes against one PostgreSQL database
and one SMTP server send every message exactly once."""

import asyncio
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection

from tests.tickets.factories import make_appeal
from tickets.models import OutboxEmail

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 30

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel senders rely on PostgreSQL's SELECT … FOR UPDATE SKIP LOCKED (SQLite "
        "serialises writers); runs in the PostgreSQL CI run",
    ),
    pytest.mark.django_db(transaction=True),
]


class OverlappingSink:
    """An SMTP server that holds the first message until a second sender is talking to it at
    the same time, so the two processes are certain to overlap."""

    def __init__(self):
        self.recipients: list[str] = []
        self.in_flight = 0
        self.overlap: asyncio.Event | None = None

    def _overlap(self) -> asyncio.Event:
        if self.overlap is None:
            self.overlap = asyncio.Event()
        return self.overlap

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.in_flight += 1
        if self.in_flight >= 2:
            self._overlap().set()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        try:
            await asyncio.wait_for(self._overlap().wait(), timeout=30)
        except TimeoutError:
            pass
        finally:
            self.in_flight -= 1
        self.recipients.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sender_env(port: int) -> dict:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY="outbox-senders-test",
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
    )
    return env


def test_two_senders_at_once_send_every_message_exactly_once(topic):
    for n in range(MESSAGES):
        make_appeal(topic, email=f"client{n}@example.org")
    assert OutboxEmail.objects.filter(state="pending").count() == MESSAGES

    sink = OverlappingSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        env = _sender_env(port)
        senders = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_outbox"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [sender.communicate(timeout=120)[0] for sender in senders]
    finally:
        controller.stop()

    assert sorted(sink.recipients) == sorted(f"client{n}@example.org" for n in range(MESSAGES))
    sent = [int(re.search(r"sent (\d+)", output)[1]) for output in outputs]
    assert sum(sent) == MESSAGES
    assert all(sent), f"both senders should have sent some: {outputs}"
    assert OutboxEmail.objects.filter(state="sent", attempts=1).count() == MESSAGES
