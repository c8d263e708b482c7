"""Visitor data never reaches a header of our e-mail: a name, subject or an e-mailed answer's
Message-ID holding CR/LF cannot add a recipient or a header."""

import io

import pytest
from django.core.management import call_command

from tests.tickets.factories import make_appeal
from tests.tickets.mails import build
from tickets import services
from tickets.inbound.addresses import reply_address
from tickets.inbound.services import import_message

pytestmark = pytest.mark.django_db

INJECTED = "\r\nBcc: mallory@evil.example\r\nX-Injected: 1"


def test_crlf_in_what_the_visitor_typed_or_mailed_adds_no_header(topic, agent, mailoutbox):
    appeal = make_appeal(topic, name=f"Анна{INJECTED}", subject=f"Платёж{INJECTED}")
    raw = build(
        to=reply_address(appeal.reference, appeal.link_secret),
        message_id="<answer@mail.example.org>",
        headers={"References": "<answer@mail.example.org>\r\n Bcc: mallory@evil.example"},
    )
    import_message(raw)
    services.reply_from_staff(appeal=appeal, author=agent, body=f"Проверяем.{INJECTED}")
    call_command("send_outbox", stdout=io.StringIO())
    assert len(mailoutbox) == 2
    for sent in mailoutbox:
        assert sent.recipients() == ["anna@example.org"]
        head = sent.message().as_bytes().split(b"\n\n", 1)[0]
        assert b"mallory" not in head and b"X-Injected" not in head
    assert mailoutbox[1].message()["In-Reply-To"] == "<answer@mail.example.org>"
