"""The IMAP server going away in the middle of a run (Dovecot killed after a message was saved,
before it was moved): the run ends with a clear error, nothing is lost, and the next run, once
the server is back, imports the rest and nothing twice."""

import contextlib
import io
import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tests.tickets.imapserver import DOVECOT, Dovecot
from tests.tickets.mails import build
from tickets.inbound import imap
from tickets.inbound.addresses import reply_address
from tickets.models import InboundMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(dovecot):
    """A Dovecot of this test's own (the `dovecot` fixture only checks that one can start):
    killing it must not disturb the other tests' server."""
    own = Dovecot().start()
    yield own
    own.stop()


def _children(pid: int) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in found.stdout.split()]


def crash(server: Dovecot) -> None:
    """SIGKILL to the master and to the processes it started (the session serving us among
    them): no goodbye to the clients, as when the machine goes down."""
    children = _children(server.process.pid)
    server.process.kill()
    server.process.wait()
    for pid in children:
        with contextlib.suppress(ProcessLookupError):  # it noticed the master's death first
            os.kill(pid, signal.SIGKILL)


def relaunch(server: Dovecot) -> None:
    import imaplib

    server.process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(server.root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            imaplib.IMAP4("127.0.0.1", server.port, timeout=2).logout()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("dovecot did not come back")


def fetch() -> str:
    out = io.StringIO()
    call_command("fetch_mail", stdout=out)
    return out.getvalue()


def test_the_server_dying_between_saving_and_moving_loses_nothing_and_imports_nothing_twice(
    server, settings, topic, monkeypatch
):
    account = server.account()
    account.settings(settings)
    settings.TICKETS_IMAP_DONE_FOLDER = "processed"
    appeal = make_appeal(topic)
    address = reply_address(appeal.reference, appeal.link_secret)
    account.append(build(to=address, text="Первое письмо."))
    account.append(build(to=address, text="Второе письмо."))

    real_move = imap.Mailbox.move

    def move_after_a_crash(self, uid, folder):
        crash(server)
        return real_move(self, uid, folder)

    monkeypatch.setattr(imap.Mailbox, "move", move_after_a_crash)
    with pytest.raises(CommandError, match="connection to the mailbox was lost"):
        fetch()
    monkeypatch.setattr(imap.Mailbox, "move", real_move)
    relaunch(server)

    fetch()
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(minutes=2))
    fetch()  # the first message, saved before the crash, is only moved now
    texts = list(appeal.replies.filter(author_kind="visitor").values_list("body", flat=True))
    assert sorted(texts) == ["Второе письмо.", "Первое письмо."]
    assert InboundMessage.objects.count() == 2
    assert account.count("INBOX") == 0 and account.count("processed") == 2


def test_an_oversize_message_whose_headers_break_the_parser_never_blocks_the_mailbox(
    mailbox, topic, settings, monkeypatch
):
    from tickets.inbound import services as inbound

    real_parse = inbound.parse

    def parse_with_a_bug(raw):
        if b"X-Breaks-Parser" in raw:
            raise IndexError("a bug in the header parser")
        return real_parse(raw)

    monkeypatch.setattr(inbound, "parse", parse_with_a_bug)
    settings.TICKETS_INBOUND_MAX_BYTES = 4000
    appeal = make_appeal(topic)
    address = reply_address(appeal.reference, appeal.link_secret)
    big = "Очень длинное письмо. " * 200
    mailbox.append(build(to=address, text=big, headers={"X-Breaks-Parser": "1"}))
    mailbox.append(build(to=address, text="Короткий ответ."))
    fetch()
    fetch()  # the loop's next run: the big one must not stop everything again
    texts = list(appeal.replies.filter(author_kind="visitor").values_list("body", flat=True))
    assert texts == ["Короткий ответ."]
    kept = InboundMessage.objects.get(status="unmatched")
    assert kept.reason == "unreadable" and kept.raw_size > 4000
    assert mailbox.count("INBOX") == 0 and mailbox.count("unmatched") == 1


def test_an_oversize_message_with_no_end_to_its_headers_is_not_downloaded_whole(
    mailbox, settings, monkeypatch
):
    # Without the blank line after the headers, the server's "headers" are the whole message.
    settings.TICKETS_INBOUND_MAX_BYTES = 100_000
    raw = build(to="support@localhost", text=None, html="<p>x</p>").split(b"\r\n\r\n")[0]
    raw += b"".join(b"X-Filler-%d: %s\r\n" % (n, b"y" * 500) for n in range(1000))
    mailbox.append(raw)
    fetched = []
    real_fetch = imap.Mailbox.fetch

    def measured_fetch(self, uid, part="BODY.PEEK[]"):
        data = real_fetch(self, uid, part)
        fetched.append(len(data or b""))
        return data

    monkeypatch.setattr(imap.Mailbox, "fetch", measured_fetch)
    fetch()
    assert InboundMessage.objects.get().reason == "too_large"
    assert fetched and max(fetched) <= imap.HEADER_FETCH_MAX
