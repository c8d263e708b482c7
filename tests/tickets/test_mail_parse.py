"""What is kept of an e-mail answer: the visitor's words, without our quoted e-mail and their
signature, whatever client wrote it; charsets and encoded names as Russian mail uses them."""

import pytest

from tests.tickets.factories import png_bytes
from tests.tickets.mails import build
from tickets.inbound.parse import parse
from tickets.inbound.quotes import strip_quotes

ANSWER = "Платёж прошёл в 14:05, номер 555."


@pytest.mark.parametrize(
    "history",
    [
        "On Sat, 28 Nov 2026 at 10:00, Spravka <noreply@help.example.org> wrote:\n> Принято.",
        "On Sat, 28 Nov 2026 at 10:00, Spravka <\nnoreply@help.example.org> wrote:\n> Принято.",
        "Сб, 28 нояб. 2026 г. в 10:00, Справка <noreply@help.example.org>:\n> Принято.",
        '28.11.2026, 10:00, "Справка" <noreply@help.example.org>:\n> Принято.',
        "Суббота, 28 ноября 2026, 10:00 +03:00 от Справка <noreply@help.example.org>:\nПринято.",
        "Служба поддержки пишет:\n> Принято.",
        "-----Original Message-----\nFrom: Spravka\nSent: Saturday\nSubject: Принято",
        "-----Исходное сообщение-----\nОт: Справка\nОтправлено: 28 ноября 2026 г.\nТема: Принято",
        "From: Spravka <noreply@help.example.org>\nSent: Saturday, November 28, 2026 10:00\n"
        "To: anna@example.org\nSubject: Принято",
        "От: Справка <noreply@help.example.org>\nДата: 28 ноября 2026 г., 10:00\nТема: Принято",
        "-- \nАнна Петрова, бухгалтер",
        "Отправлено с iPhone",
    ],
)
def test_quoted_history_and_signatures_of_common_clients_are_cut(history):
    assert strip_quotes(f"{ANSWER}\n\n{history}\n") == ANSWER


def test_an_answer_written_between_quotes_keeps_its_own_lines():
    text = "> Когда был платёж?\nВчера в 14:05.\n> Какая сумма?\n300 рублей."
    assert strip_quotes(text) == "Вчера в 14:05.\n300 рублей."


def test_a_message_that_is_all_quote_is_kept_whole():
    text = "> Только цитата, без ответа."
    assert strip_quotes(text) == text


def test_koi8r_headers_and_a_cp1251_file_name_are_decoded():
    raw = build(
        to="support@localhost",
        subject="Квитанция об оплате",
        text="Квитанция во вложении.",
        charset="koi8-r",
        attachments=[("квитанция.png", "image/png", png_bytes())],
    )
    parsed = parse(raw)
    assert parsed.subject == "Квитанция об оплате"
    assert parsed.text == "Квитанция во вложении."
    assert [a.filename for a in parsed.attachments] == ["квитанция.png"]
    assert parsed.attachments[0].data == png_bytes()


def test_a_wrong_charset_label_loses_no_message():
    raw = build(to="support@localhost", text="Ответ", charset="utf-8").replace(
        b"charset=utf-8", b"charset=x-unknown-charset"
    )
    parsed = parse(raw)
    assert parsed.text  # decoded with replacement characters, never an exception


def test_the_digest_is_the_message_id_so_a_copy_is_the_same_message():
    one = build(to="a@localhost", message_id="<x@example.org>")
    two = build(to="b@localhost", message_id="<x@example.org>")
    assert parse(one).digest == parse(two).digest
    assert parse(build(to="a@localhost")).digest != parse(build(to="a@localhost")).digest


def test_control_characters_in_headers_never_reach_the_database(db):
    from tickets.inbound.services import import_message

    raw = build(to="support@localhost", subject="Тема\x00с NUL").replace(
        b"Message-ID: <", b"In-Reply-To: <bad\x00id@x>\r\nMessage-ID: <"
    )
    message = import_message(raw).message
    assert message.status == "unmatched"
    assert "\x00" not in message.subject and "\x00" not in message.message_id


@pytest.mark.parametrize(
    "quote",
    [
        '<div class="gmail_quote"><div class="gmail_attr">Сб, 28 нояб. 2026 г. в 10:00, '
        "Справка:</div><blockquote>Принято.</blockquote></div>",
        '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>От:</b> Справка<br>'
        "<b>Отправлено:</b> 28 ноября</div><div>Принято.</div>",
        "<div>28.11.2026, 10:00, &quot;Справка&quot; &lt;noreply@help.example.org&gt;:<br>"
        "<blockquote>Принято.</blockquote></div>",
        '<blockquote type="cite">Принято.</blockquote>',
    ],
)
def test_html_answers_lose_the_quote_block_of_each_client(quote):
    html = f"<html><body><div>{ANSWER}</div><div><br></div>{quote}</body></html>"
    raw = build(to="support@localhost", text=None, html=html)
    assert parse(raw).text == ANSWER
