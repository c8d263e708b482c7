"""Two `fetch_mail` processes on one mailbox and one PostgreSQL database at the same time import
every message exactly once (the unique digest, inserted before anything is done, decides)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.tickets.factories import make_appeal
from tests.tickets.mails import build
from tickets.inbound.addresses import reply_address
from tickets.models import InboundMessage, Reply

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 24

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two fetchers at once need PostgreSQL (SQLite serialises writers); runs in the "
        "PostgreSQL CI run",
    ),
    pytest.mark.django_db(transaction=True),
]


def _env(mailbox, media) -> dict:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY=os.environ["SECRET_KEY"],
        DATABASE_URL=f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}",
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
        MEDIA_ROOT=str(media),
        **mailbox.env(),
    )
    return env


def test_two_fetchers_at_once_import_every_message_exactly_once(topic, mailbox, tmp_path):
    appeals = [make_appeal(topic, email=f"client{n}@example.org") for n in range(MESSAGES)]
    for n, appeal in enumerate(appeals):
        mailbox.append(
            build(
                to=reply_address(appeal.reference, appeal.link_secret),
                sender=f"client{n}@example.org",
                text=f"Ответ номер {n}.",
            )
        )
    env = _env(mailbox, tmp_path / "media")
    fetchers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "fetch_mail"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [fetcher.communicate(timeout=180)[0] for fetcher in fetchers]
    assert all(fetcher.returncode == 0 for fetcher in fetchers), "\n".join(outputs)

    imported = [int(re.search(r"imported (\d+)", out)[1]) for out in outputs]
    assert sum(imported) == MESSAGES, outputs
    assert InboundMessage.objects.filter(status="imported").count() == MESSAGES
    for n, appeal in enumerate(appeals):
        texts = list(Reply.objects.filter(appeal=appeal).values_list("body", flat=True))
        assert texts == [f"Ответ номер {n}."]
    assert mailbox.count("INBOX") == 0
    assert mailbox.count("processed") == MESSAGES
