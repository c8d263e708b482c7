"""A local SMTP server (aiosmtpd) that keeps what it receives: `send_outbox` really delivers to it
over SMTP, and the tests read the raw RFC 5322 bytes as a visitor's mail client would."""

import email
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from tests.servers import free_port


class Sink:
    def __init__(self):
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=policy.default) for raw in self.messages]


@pytest.fixture
def smtp_sink(settings):
    """Points the site's SMTP settings at a fresh local server; yields its Sink."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield sink
    finally:
        controller.stop()
