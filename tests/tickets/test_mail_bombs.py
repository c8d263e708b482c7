"""Mail written to hurt the reader: crafted HTML, huge headers, thousands of parts, a deep nest of
multiparts. Anyone may send such a message to the support address (no secret is needed to reach
the mailbox), so each must cost seconds at most, and the mailbox must go on being read.

The time limits are generous for a loaded machine; before the bounds, each of these messages
took from half a minute to hours (Python's header parser and the quote-cutting regexes were
quadratic on them)."""

import time

import pytest

from tests.tickets.factories import make_appeal, png_bytes
from tests.tickets.mails import build
from tickets.inbound.addresses import reply_address
from tickets.inbound.imap import _import
from tickets.inbound.parse import MessageTooComplex, parse
from tickets.inbound.services import import_message
from tickets.models import InboundMessage

# Seconds a single message may take to read here (a normal one takes milliseconds).
BUDGET = 5.0


def parse_in_time(raw: bytes):
    started = time.monotonic()
    parsed = parse(raw)
    assert time.monotonic() - started < BUDGET
    return parsed


def html_mail(html: str) -> bytes:
    return build(to="support@localhost", text=None, html=html)


@pytest.mark.parametrize(
    "html",
    [
        "<blockquote>x" * 100_000,  # quotes opened, never closed
        "<div a " * 100_000,  # a tag that never ends, many times
        "<br " * 200_000,
        "<blockquote>" * 50_000 + "x" + "</blockquote>" * 50_000,
    ],
    ids=["unclosed-quotes", "unclosed-divs", "unclosed-breaks", "deep-quotes"],
)
def test_crafted_html_is_read_in_seconds(html):
    parsed = parse_in_time(html_mail("<p>Ответ посетителя.</p>" + html))
    assert parsed.text.startswith("Ответ посетителя.")


def test_a_huge_html_answer_keeps_its_beginning():
    parsed = parse_in_time(html_mail("<p>Начало ответа.</p>" + "<p>текст</p>" * 2_000_000))
    assert parsed.text.startswith("Начало ответа.")


@pytest.mark.parametrize(
    "fields",
    [
        {"subject": "=?utf-8?q?=D0=B0?= " * 40_000},
        {"sender": "a@example.org, " * 40_000},
        {"headers": {"Content-Type": "text/plain; " + "a=b; " * 100_000}},
        {"headers": {"Auto-Submitted": "no; " + "x " * 300_000}},
    ],
    ids=["subject", "from", "content-type", "auto-submitted"],
)
def test_a_header_of_half_a_megabyte_is_read_in_seconds(fields):
    parse_in_time(build(to="support@localhost", text="Ответ.", **fields))


def test_a_reply_address_among_thousands_of_recipients_is_still_found_quickly():
    to = "support+SP-AAA-AAA.00@localhost, " + "someone@example.org, " * 40_000
    parsed = parse_in_time(build(to=to, text="Ответ."))
    assert parsed.recipients[0] == "support+SP-AAA-AAA.00@localhost"


@pytest.mark.django_db
def test_ten_thousand_parts_are_kept_unreadable_not_read(topic):
    appeal = make_appeal(topic)
    parts = [(f"file{i}.png", "image/png", png_bytes()) for i in range(10_000)]
    raw = build(to=reply_address(appeal.reference, appeal.link_secret), attachments=parts)
    started = time.monotonic()
    result = _import(b"7", raw)
    assert time.monotonic() - started < BUDGET
    assert result.message.reason == "unreadable"
    assert not appeal.replies.exists()
    # Staff still see who wrote and about what.
    assert (result.message.from_address, result.message.subject) == (
        "anna@example.org",
        "Re: Обращение",
    )


@pytest.mark.parametrize(("files", "readable"), [(150, True), (250, False), (5_000, False)])
def test_the_part_count_is_exact_near_the_bound_and_quick_far_beyond_it(files, readable):
    parts = [(f"file{i}.txt", "application/octet-stream", b"x") for i in range(files)]
    raw = build(to="support@localhost", text="Ответ.", attachments=parts)
    started = time.monotonic()
    if readable:
        assert len(parse(raw).attachments) == files
    else:
        with pytest.raises(MessageTooComplex):
            parse(raw)
    assert time.monotonic() - started < BUDGET


def test_lines_that_look_like_part_delimiters_in_the_text_are_just_text():
    # A pasted log: a thousand lines starting with "--", and the text names a boundary.
    text = "Content-Type: text/plain; boundary=x\n" + "\n".join(f"--x {n}" for n in range(1_000))
    parsed = parse(build(to="support@localhost", text=text))
    assert parsed.text.count("--x ") == 1_000


@pytest.mark.django_db
def test_many_refused_files_never_push_the_visitors_words_out(topic):
    appeal = make_appeal(topic)
    files = [
        (f"{'длинное имя ' * 10}{i}.exe", "application/x-msdownload", b"MZ" * 50)
        for i in range(150)
    ]
    raw = build(
        to=reply_address(appeal.reference, appeal.link_secret),
        text="Мой ответ: платёж 555 прошёл.",
        attachments=files,
    )
    result = import_message(raw)
    assert result.message.status == "imported"
    reply = appeal.replies.get(author_kind="visitor")
    assert reply.body.startswith("Мой ответ: платёж 555 прошёл.")
    # The first refusals are named, the rest counted.
    assert "длинное имя" in reply.body and "[Ещё 146 файлов не добавлено.]" in reply.body


@pytest.mark.django_db
def test_a_deep_nest_of_multiparts_is_kept_unreadable(topic):
    raw = build(to="support@localhost", text="x")
    head, _, _ = raw.partition(b"\r\n\r\n")
    head = head.replace(b"MIME-Version: 1.0", b"MIME-Version: 1.0\r\nX-Nest: 1")
    body = b"".join(
        b'--b%d\r\nContent-Type: multipart/mixed; boundary="b%d"\r\n\r\n' % (i, i + 1)
        for i in range(5000)
    )
    raw = (
        head.split(b"\r\nContent-Type")[0]
        + b'\r\nContent-Type: multipart/mixed; boundary="b0"\r\n\r\n'
        + body
    )
    result = _import(b"7", raw)
    assert result.message.reason == "unreadable"
    assert InboundMessage.objects.get().status == "unmatched"


@pytest.mark.parametrize(
    "charset, body, text",
    [
        ("x-unknown", "Платёж прошёл".encode(), "Платёж прошёл"),
        ("koi8-u", "Платіж пройшов".encode("koi8-u"), "Платіж пройшов"),
        ("cp866", "Платёж прошёл".encode("cp866"), "Платёж прошёл"),
        ("idna", "Платёж прошёл".encode(), "Платёж прошёл"),  # a codec that refuses "replace"
        ("base64", b"plain words", "plain words"),  # not a text encoding at all
    ],
)
def test_any_charset_name_gives_the_text_not_an_unreadable_message(charset, body, text):
    raw = build(to="support@localhost", text="x", charset="utf-8")
    head = raw.split(b"\r\n\r\n")[0].split(b"\r\nContent-Type")[0]
    raw = (
        head
        + b"\r\nContent-Type: text/plain; charset="
        + charset.encode()
        + b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        + body
    )
    assert parse(raw).text == text


def test_a_content_type_that_trips_pythons_header_parser_is_read_as_plain_text():
    # "Content-Type: ;1*" raised IndexError inside the email package: the answer was set aside.
    raw = build(to="support@localhost", text="x")
    head = raw.split(b"\r\n\r\n")[0].split(b"\r\nContent-Type")[0]
    parsed = parse(head + b"\r\nContent-Type: ;1*\r\n\r\nPayment 555 went through.")
    assert parsed.text == "Payment 555 went through."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sender",
    [
        "anna@example.org, mallory@evil.example",
        "mallory@evil.example, anna@example.org",
        '"Anna" <anna@example.org>, "Mallory" <mallory@evil.example>',
    ],
)
def test_a_from_header_naming_the_visitor_among_others_threads_nothing(topic, sender):
    # Python 3.11's parseaddr takes the first of several addresses (CVE-2023-27043): the thread
    # headers must be backed by one sender, the visitor.
    from tickets.models import OutboxEmail

    appeal = make_appeal(topic)
    ours = OutboxEmail.objects.get(appeal=appeal)
    raw = build(to="support@localhost", sender=sender, headers={"In-Reply-To": ours.message_id})
    result = import_message(raw)
    assert result.message.status == "unmatched"
    assert not appeal.replies.filter(author_kind="visitor").exists()


@pytest.mark.parametrize(
    "sender",
    ["Petrova, Anna <anna@example.org>", '"Петрова, Анна" <anna@example.org>'],
)
def test_a_comma_in_the_visitors_own_name_still_leaves_one_sender(sender):
    assert parse(build(to="support@localhost", sender=sender)).sender == "anna@example.org"


@pytest.mark.django_db
def test_a_thousand_reply_addresses_in_one_message_cost_a_few_queries(
    topic, django_assert_max_num_queries
):
    appeal = make_appeal(topic)
    guesses = ", ".join(
        f"support+{appeal.reference}.{n:020x}@localhost" for n in range(1000)
    )  # an attacker guessing the secret a thousand times per message
    with django_assert_max_num_queries(30):
        result = import_message(build(to=guesses, text="Угадал?"))
    assert (result.message.status, result.message.reason) == ("unmatched", "wrong_secret")


def _png_bomb() -> bytes:
    """A few kilobytes of PNG that decode to 100 million pixels."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * 50_000_000)
    return buffer.getvalue()


@pytest.mark.django_db
def test_decompression_bombs_in_attachments_are_refused_and_the_text_arrives(topic):
    appeal = make_appeal(topic)
    raw = build(
        to=reply_address(appeal.reference, appeal.link_secret),
        text="Скриншот и архив во вложении.",
        attachments=[
            ("screen.png", "image/png", _png_bomb()),
            ("logs.zip", "application/zip", _zip_bomb()),
            ("чек.png", "image/png", png_bytes()),
        ],
    )
    started = time.monotonic()
    import_message(raw)
    assert time.monotonic() - started < BUDGET
    reply = appeal.replies.get(author_kind="visitor")
    assert reply.body.startswith("Скриншот и архив во вложении.")
    assert "[Файл «screen.png» не добавлен: «screen.png» — не изображение" in reply.body
    assert "[Файл «logs.zip» не добавлен: «logs.zip» — не изображение" in reply.body
    assert [a.original_name for a in reply.attachments.all()] == ["чек.png"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "date", ["Fri, 31 Dec 9999 23:59:59 -1400", "Mon, 01 Jan 1900 00:00:00 +0000"]
)
def test_a_date_header_out_of_this_world_is_dropped_and_the_mail_list_still_opens(
    agent_client, date
):
    # 9999-12-31 at -14:00 is year 10000 in UTC: PostgreSQL stored it and then could not read
    # the row back, so "Incoming e-mails" was a 500 for everyone until the row was purged.
    raw = build(to="support@localhost", text="Где мои деньги?")
    raw = raw.replace(b"Date: Sat, 28 Nov 2026 10:00:00 +0000", f"Date: {date}".encode())
    result = import_message(raw)
    assert result.message.sent_at is None
    page = agent_client.get("/admin/tickets/inboundmessage/")
    assert page.status_code == 200 and "Где мои деньги?" in page.content.decode()


@pytest.mark.django_db
def test_a_size_beyond_four_gigabytes_is_recorded_without_failing():
    # The IMAP server's word (RFC822.SIZE); PostgreSQL's integer column stops at 2**31 - 1.
    from tickets.inbound.services import import_too_large

    header = build(to="support@localhost", text="x").split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    result = import_too_large(header, 5_000_000_000)
    assert result.message.reason == "too_large"
    assert InboundMessage.objects.get().raw_size == 2**31 - 1
