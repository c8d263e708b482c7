"""Real RFC 5322 messages as mail clients send them, byte for byte: 8-bit bodies in the charset
named, RFC 2047 encoded headers, multipart with base64 attachments."""

import base64
from datetime import UTC, datetime
from email.utils import format_datetime, make_msgid

CRLF = b"\r\n"


def encoded_word(value: str, charset: str) -> str:
    """RFC 2047: how a mail client puts non-ASCII text in a header, in the message's charset."""
    if value.isascii():
        return value
    return f"=?{charset}?B?{base64.b64encode(value.encode(charset)).decode()}?="


def _header(name: str, value: str, charset: str) -> bytes:
    if name in ("From", "To", "Cc") and "<" in value:
        display, _, address = value.rpartition("<")
        value = f"{encoded_word(display.strip(), charset)} <{address}"
    else:
        value = encoded_word(value, charset)
    return f"{name}: {value}".encode("ascii")


def build(
    *,
    to: str,
    sender: str = "Анна Петрова <anna@example.org>",
    subject: str = "Re: Обращение",
    text: str | None = "Спасибо, жду ответа.",
    html: str | None = None,
    charset: str = "utf-8",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    message_id: str | None = None,
    content_type: str | None = None,
) -> bytes:
    lines = [
        _header("From", sender, charset),
        _header("To", to, charset),
        _header("Subject", subject, charset),
        f"Date: {format_datetime(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))}".encode(),
        f"Message-ID: {message_id or make_msgid(domain='mail.example.org')}".encode(),
        b"MIME-Version: 1.0",
    ]
    lines += [_header(name, value, charset) for name, value in (headers or {}).items()]
    if content_type:  # a ready-made body, e.g. a delivery report
        lines.append(f"Content-Type: {content_type}".encode())
        return CRLF.join(lines) + CRLF + CRLF + (text or "").encode(charset) + CRLF
    parts = []
    if text is not None:
        parts.append(_text_part("plain", text, charset))
    if html is not None:
        parts.append(_text_part("html", html, charset))
    body = parts[0] if len(parts) == 1 else _multipart("alternative", parts)
    if attachments:
        body = _multipart("mixed", [body] + [_attachment(*a, charset) for a in attachments])
    return CRLF.join(lines) + CRLF + body


def _text_part(subtype: str, text: str, charset: str) -> bytes:
    return (
        f"Content-Type: text/{subtype}; charset={charset}".encode()
        + CRLF
        + b"Content-Transfer-Encoding: 8bit"
        + CRLF
        + CRLF
        + text.replace("\n", "\r\n").encode(charset)
        + CRLF
    )


def _attachment(filename: str, content_type: str, data: bytes, charset: str) -> bytes:
    name = encoded_word(filename, charset)
    encoded = base64.encodebytes(data).replace(b"\n", CRLF)
    return (
        f'Content-Type: {content_type}; name="{name}"'.encode()
        + CRLF
        + f'Content-Disposition: attachment; filename="{name}"'.encode()
        + CRLF
        + b"Content-Transfer-Encoding: base64"
        + CRLF
        + CRLF
        + encoded
    )


def _multipart(subtype: str, parts: list[bytes]) -> bytes:
    boundary = f"=_{subtype}_b0undary"
    out = f'Content-Type: multipart/{subtype}; boundary="{boundary}"'.encode() + CRLF + CRLF
    for part in parts:
        out += f"--{boundary}".encode() + CRLF + part + CRLF
    return out + f"--{boundary}--".encode() + CRLF
