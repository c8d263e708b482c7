"""E-mails wait in the outbox and go out when the mail server answers; nothing is lost."""

import socket
import socketserver
import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.tickets.factories import appeal_form_data, make_appeal
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


class _SmtpSession(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: greeting, EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink.test ESMTP")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink.test")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(chunk)
                self.server.messages.append(b"".join(lines))
                self.reply("250 OK: queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Not implemented")


class SmtpSink(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port):
        super().__init__(("127.0.0.1", port), _SmtpSession)
        self.messages = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_port(settings):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    return port


def _send_outbox(*args):
    out, err = StringIO(), StringIO()
    call_command("send_outbox", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_with_the_mail_server_down_the_appeal_is_saved_and_the_email_goes_out_later(
    client, topic, smtp_port
):
    # Nothing listens on the port: the mail server is down.
    response = client.post("/appeal/", appeal_form_data(topic))
    assert response.status_code == 302
    appeal = Appeal.objects.get()

    before = timezone.now()
    output = _send_outbox()
    email = OutboxEmail.objects.get()
    assert email.state == "pending"
    assert email.attempts == 1
    assert "Connection refused" in email.last_error or "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=60)
    assert "to retry 1" in output

    with SmtpSink(smtp_port) as sink:
        # Too early for the next attempt: nothing is tried.
        _send_outbox()
        assert sink.messages == []
        # Time passes.
        OutboxEmail.objects.update(next_attempt_at=timezone.now())
        output = _send_outbox()

    email.refresh_from_db()
    assert email.state == "sent"
    assert email.attempts == 2
    assert email.sent_at is not None
    assert email.last_error == ""
    assert "sent 1" in output
    assert len(sink.messages) == 1
    received = sink.messages[0].decode()
    assert "To: anna@example.org" in received
    assert appeal.reference in received


def test_each_failure_waits_twice_as_long_then_gives_up(topic, smtp_port, settings):
    settings.TICKETS_OUTBOX_RETRY_SECONDS = 60
    settings.TICKETS_OUTBOX_MAX_ATTEMPTS = 4
    make_appeal(topic)
    delays = []
    for _ in range(3):
        now = timezone.now()
        _send_outbox()
        email = OutboxEmail.objects.get()
        delays.append(round((email.next_attempt_at - now).total_seconds() / 60))
        OutboxEmail.objects.update(next_attempt_at=timezone.now())
    assert delays == [1, 2, 4]
    _send_outbox()
    email = OutboxEmail.objects.get()
    assert email.state == "failed"
    assert email.attempts == 4


def test_a_sent_email_is_not_sent_again(topic, mailoutbox):
    make_appeal(topic)
    _send_outbox()
    _send_outbox()
    assert len(mailoutbox) == 1


def test_the_email_is_written_in_the_same_transaction_as_the_appeal(topic, monkeypatch):
    from tickets import mail

    def failing_create(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(mail.OutboxEmail.objects, "create", failing_create)
    with pytest.raises(RuntimeError):
        make_appeal(topic)
    assert not Appeal.objects.exists()


def test_the_loop_runs_until_stopped(topic, mailoutbox, monkeypatch):
    from tickets.management.commands import send_outbox

    make_appeal(topic)

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(send_outbox.time, "sleep", interrupted)
    _send_outbox("--loop", "--interval", "5")
    assert len(mailoutbox) == 1


def test_staff_can_send_a_failed_email_again_from_admin(topic, agent_client):
    make_appeal(topic)
    OutboxEmail.objects.update(state="failed", attempts=10, next_attempt_at=timezone.now())
    email = OutboxEmail.objects.get()
    response = agent_client.post(
        "/admin/tickets/outboxemail/",
        {"action": "retry_now", "_selected_action": [email.pk]},
        follow=True,
    )
    assert response.status_code == 200
    email.refresh_from_db()
    assert email.state == "pending"
