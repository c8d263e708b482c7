"""Reading one e-mail: who sent it to which addresses, its threading headers, its text (plain
text preferred, HTML reduced to text), its attachments, and whether a robot sent it.

`email` with `policy.default` decodes RFC 2047 headers, RFC 2231 file names and the charsets
Russian mail uses (UTF-8, KOI8-R, Windows-1251); a part whose charset is unknown or lies is
decoded with replacement characters rather than refused: a visitor's answer is never lost to a
mislabelled byte.
"""

import email
import hashlib
import html as html_module
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

import nh3

from tickets.inbound.quotes import html_without_quotes, strip_quotes

# Where the address of the appeal may be: mail servers put the envelope recipient in the last two.
RECIPIENT_HEADERS = ("To", "Cc", "Delivered-To", "X-Original-To")
# Printable ASCII only: a NUL or a control character would be refused by PostgreSQL in a query.
_MESSAGE_ID = re.compile(r"<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>")
# `[^<>]*`, not `[^>]*`: an unclosed "<br" must not scan to the end of the text each time
# (200,000 of them took minutes).
_BLOCK_END = re.compile(
    r"<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote|/table|/ul|/ol|hr)\b[^<>]*>", re.IGNORECASE
)
# Every tag but script and style (whose contents nh3 must drop): removed before nh3, because its
# HTML5 parser is quadratic on deeply nested open blocks (40,000 "<div>x" took 2 s, 200,000
# minutes). The result is plain text either way.
_PLAIN_TAG = re.compile(r"</?(?!(?:script|style)\b)[a-z][^<>]*>", re.IGNORECASE)

# What one message may cost to read. Anyone can send mail to the support address, and Python's
# header parser and the quote-cutting are quadratic on crafted input (a 560 KB Subject took
# 50 s, 10,000 parts minutes); honest mail stays far below these bounds.
HEADER_MAX = 8 * 1024  # characters of one header value that are parsed
RECIPIENTS_MAX = 64 * 1024  # characters of To, Cc... read for reply addresses, in all
PARTS_MAX = 200  # MIME parts; a message with more is kept as unreadable
BODY_MAX = 1_000_000  # characters of the body (text or HTML) read for the answer (cut at 5,000)


# A Date header is the sender's word: 9999-12-31 at -14:00 is year 10000 in UTC, which
# PostgreSQL stores and then cannot read back (the incoming mail list was a 500 until purged).
SENT_EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
SENT_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


class MessageTooComplex(ValueError):
    """Too many MIME parts to be read safely: the message is set aside as unreadable."""


class _BoundedPolicy(EmailPolicy):
    """policy.default, but a header value is cut at HEADER_MAX before it is parsed."""

    def header_fetch_parse(self, name, value):
        if isinstance(value, str) and len(value) > HEADER_MAX:
            value = value[:HEADER_MAX]
        try:
            return super().header_fetch_parse(name, value)
        except Exception:
            # Python's structured header parser has bugs ("Content-Type: ;1*" raises
            # IndexError): such a header is read as empty, which for Content-Type means
            # text/plain (RFC 2045), rather than costing the visitor their answer.
            return super().header_fetch_parse(name, "")


POLICY = _BoundedPolicy()


@dataclass
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass
class ParsedMail:
    digest: str
    message_id: str
    thread_ids: list[str]  # In-Reply-To first, then References
    sender: str
    recipients: list[str]
    subject: str
    sent_at: datetime | None
    text: str  # quotes and signature stripped (unless nothing would be left)
    attachments: list[Attachment] = field(default_factory=list)
    automatic: str | None = None  # an InboundReason value when a robot sent it
    size: int = 0


def _header(msg: EmailMessage, name: str) -> str:
    """A header as text; a malformed one is read raw rather than failing the whole message."""
    try:
        value = msg.get(name)
    except Exception:  # the header parser raises on some broken headers
        raw = [v for n, v in msg.raw_items() if n.lower() == name.lower()]
        value = raw[0] if raw else None
    return "" if value is None else str(value)


def _recipients(msg: EmailMessage) -> list[str]:
    """Addresses in the recipient headers, read from their raw text (the addresses are ASCII;
    only display names are encoded) up to RECIPIENTS_MAX characters: thousands of recipients
    cost milliseconds this way, minutes through the structured header parser."""
    budget = RECIPIENTS_MAX
    found = []
    for wanted in RECIPIENT_HEADERS:
        for name, value in msg.raw_items():
            if name.lower() != wanted.lower() or budget <= 0:
                continue
            value = value[:budget]
            budget -= len(value)
            found += [address for _name, address in getaddresses([value]) if address]
    return found


def _sender(value: str) -> str:
    """The From address. With several (RFC 5322 allows it; forgers use it), all of them joined:
    Python 3.11's parseaddr would take the first (CVE-2023-27043), and "the visitor, among
    others" must never pass for the visitor when thread headers are matched."""
    # Only what holds an "@": an unquoted comma in a display name ("Petrova, Anna <…>") is a
    # broken name, not a second sender.
    found = [address.strip() for _name, address in getaddresses([value]) if "@" in address]
    if len(found) == 1:
        return found[0]
    return ", ".join(found) if found else parseaddr(value)[1].strip()


def message_ids(value: str) -> list[str]:
    return _MESSAGE_ID.findall(value or "")


def digest_for(message_id: str, raw: bytes) -> str:
    """What identifies a message: its Message-ID when it has one (the same message delivered to
    two of our addresses is one message), else its bytes."""
    if message_id:
        return hashlib.sha256(message_id.encode("utf-8", "replace")).hexdigest()
    return hashlib.sha256(raw).hexdigest()


def _decoded(part: EmailMessage) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            return payload.decode(charset, "replace")
        except (LookupError, UnicodeError):
            # UnicodeError: a codec that refuses "replace" (charset=idna), named by the sender.
            return payload.decode("utf-8", "replace")


def html_to_text(html: str) -> str:
    """Tags removed (nh3 with no tag allowed; script and style contents dropped), line breaks
    kept where blocks and <br> were, entities decoded."""
    html = _BLOCK_END.sub("\n", html_without_quotes(html))
    html = _PLAIN_TAG.sub("", html)
    text = nh3.clean(html, tags=set(), attributes={}, strip_comments=True)
    # nh3 escapes what is left as text; the result is plain text, so unescape it once.
    text = html_module.unescape(text)
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def automatic_reason(msg: EmailMessage, sender: str) -> str | None:
    """Why this message was sent by a robot (RFC 3834, RFC 3464, common practice), or None."""
    auto = _header(msg, "Auto-Submitted").strip().lower()
    if auto and auto.split(";")[0].strip() != "no":
        return "auto_submitted"
    if _header(msg, "Precedence").strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return "precedence"
    if msg.get("X-Autoreply") is not None or msg.get("X-Autorespond") is not None:
        return "autoreply"
    if msg.get("List-Id") is not None:
        return "list"
    if msg.get_content_type() == "multipart/report":
        return "bounce"
    local = sender.split("@", 1)[0].lower()
    if local in ("mailer-daemon", "postmaster") or _header(msg, "Return-Path").strip() == "<>":
        return "bounce"
    return None


def _is_attachment(part: EmailMessage) -> bool:
    return part.get_content_disposition() == "attachment" or bool(part.get_filename())


def _body_and_attachments(msg: EmailMessage) -> tuple[str, list[Attachment]]:
    body_part = msg.get_body(preferencelist=("plain", "html"))
    if body_part is not None and _is_attachment(body_part):
        body_part = None
    text = ""
    if body_part is not None:
        content = _decoded(body_part)[:BODY_MAX]
        text = html_to_text(content) if body_part.get_content_type() == "text/html" else content
    attachments = []
    for part in msg.walk():
        if part.is_multipart() or part is body_part:
            continue
        if part.get_content_maintype() == "text" and not _is_attachment(part):
            continue  # the other alternative of the body
        if part.get_content_type() == "message/rfc822" and not _is_attachment(part):
            continue
        data = part.get_payload(decode=True) or b""
        name = part.get_filename() or "attachment"
        attachments.append(Attachment(name, part.get_content_type(), data))
    return text, attachments


def _check_parts(msg: EmailMessage) -> None:
    for count, _part in enumerate(msg.walk(), start=1):
        if count > PARTS_MAX:
            raise MessageTooComplex(f"more than {PARTS_MAX} MIME parts")


# A multipart's Content-Type header line (with its folded continuation lines), and its boundary.
_MULTIPART_HEADER = re.compile(
    rb"^content-type:[ \t]*multipart/[^\n]*(?:\n[ \t][^\n]*)*", re.IGNORECASE | re.MULTILINE
)
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\s]+)', re.IGNORECASE)


def _clearly_too_many_parts(raw: bytes) -> bool:
    """Whether the raw message has far more than PARTS_MAX parts, told from its delimiter lines
    before Python's parser builds an object for every part: 10,000 parts took ~5 s to parse only
    to be refused. Each multipart declares a boundary in its Content-Type header, and each of its
    parts starts with a line "--boundary" (one more closes it), so parts ≈ delimiter lines -
    multiparts + 1. Only twice the bound is refused here, so that text which merely looks like
    this is not; _check_parts() counts exactly after parsing."""
    boundaries = set()
    for header in _MULTIPART_HEADER.finditer(raw):
        boundaries.update(_BOUNDARY.findall(header.group()))
        if len(boundaries) > 2 * PARTS_MAX:
            return True
    delimiters = 0
    for boundary in boundaries:
        delimiters += raw.count(b"\n--" + boundary)
        if delimiters - len(boundaries) + 1 > 2 * PARTS_MAX:
            return True
    return False


def parse(raw: bytes) -> ParsedMail:
    """Raises on mail that cannot be read safely (too many parts, multiparts nested too deep:
    RecursionError); the caller keeps it as unreadable."""
    if _clearly_too_many_parts(raw):
        raise MessageTooComplex(f"more than {PARTS_MAX} MIME parts")
    msg = email.message_from_bytes(raw, policy=POLICY)
    _check_parts(msg)
    message_id = (message_ids(_header(msg, "Message-ID")) or [""])[0][:255]
    thread = message_ids(_header(msg, "In-Reply-To")) + message_ids(_header(msg, "References"))
    sender = _sender(_header(msg, "From"))
    recipients = _recipients(msg)
    try:
        sent_at = parsedate_to_datetime(_header(msg, "Date")) if msg.get("Date") else None
        if sent_at is not None and (
            sent_at.tzinfo is None or not SENT_EARLIEST <= sent_at < SENT_LATEST
        ):
            sent_at = None
    except (TypeError, ValueError, IndexError):
        sent_at = None
    automatic = automatic_reason(msg, sender)
    text, attachments = _body_and_attachments(msg)
    return ParsedMail(
        digest=digest_for(message_id, raw),
        message_id=message_id,
        thread_ids=thread,
        sender=sender,
        recipients=recipients,
        subject=" ".join(_header(msg, "Subject").split()),
        sent_at=sent_at,
        text=strip_quotes(text),
        attachments=attachments,
        automatic=automatic,
        size=len(raw),
    )
