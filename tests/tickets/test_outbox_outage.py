"""The real thing: `send_outbox --loop` as its own process, PostgreSQL stopped under it for a
few seconds and started again. The sender lives on and delivers what was written meanwhile."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.pgcluster import PrivateCluster, skip_reason
from tests.servers import free_port
from tests.tickets.test_outbox import SmtpSink

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=str(skip_reason()))


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def cluster():
    cluster = PrivateCluster().init()
    cluster.start()
    yield cluster
    cluster.destroy()


def test_the_sender_survives_a_database_outage_and_delivers_afterwards(cluster, tmp_path):
    smtp = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DEBUG="false",
        DATABASE_URL=cluster.url,
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp),
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        TICKETS_OUTBOX_LOOP_MAX_BACKOFF="1",
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
    )

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def write_email(subject):
        manage(
            "shell",
            "-c",
            "from tickets.models import OutboxEmail; OutboxEmail.objects.create("
            f"kind='confirmation', to='anna@example.org', subject='{subject}', body='.')",
        )

    manage("migrate", "--noinput")
    log = (tmp_path / "sender.log").open("w+")
    with SmtpSink(smtp) as sink:
        sender = subprocess.Popen(
            [sys.executable, "manage.py", "send_outbox", "--loop", "--interval", "0.5"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            write_email("Before the outage")
            assert _wait_for(lambda: len(sink.messages) == 1)

            cluster.stop()
            _wait_for(
                lambda: (
                    sender.poll() is not None
                    or "Outbox run failed" in (tmp_path / "sender.log").read_text()
                )
            )
            time.sleep(2)  # a few more failed runs while the database is away
            assert sender.poll() is None
            cluster.start()

            write_email("After the outage")
            assert _wait_for(lambda: len(sink.messages) == 2)
            assert sender.poll() is None
            assert b"Subject: After the outage" in sink.messages[1]

            sender.send_signal(signal.SIGTERM)
            assert sender.wait(timeout=30) == 0
        finally:
            if sender.poll() is None:
                sender.kill()
                sender.wait()
    output = (tmp_path / "sender.log").read_text()
    assert "Traceback" in output  # the failure was logged with its traceback
    assert "Outbox sender recovered" in output
