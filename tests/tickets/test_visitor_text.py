"""Line breaks, control characters and bidi overrides from visitors: folded or removed in every
field, before they reach the database, staff, the visitor's page or an e-mail."""

import pytest
from django.core import mail
from django.test import Client

from core.text import clean_multiline, clean_single_line
from tests.tickets.factories import appeal_form_data, make_appeal
from tickets.mail import send_due
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db

KEPT = "Привет 👍🏽 👨‍👩‍👧 ёЁ «кавычки» — Straße 東京"
NASTY = (
    "\u202etxt.exe\u202c \x1b[31mred\x1b[0m \x07bell \x00nul \x7fdel \x9bcsi \u2066iso\u2069 \u200f"
)


def test_ordinary_unicode_cyrillic_and_emoji_sequences_survive():
    assert clean_single_line(KEPT) == KEPT
    assert clean_multiline(KEPT + "\n\tвторая строка") == KEPT + "\n\tвторая строка"


@pytest.mark.parametrize("clean", [clean_single_line, clean_multiline])
def test_controls_and_bidi_overrides_are_removed(clean):
    cleaned = clean(NASTY)
    for ch in "\u202e\u202c\x1b\x07\x00\x7f\x9b\u2066\u2069\u200f":
        assert ch not in cleaned
    assert "txt.exe" in cleaned and "red" in cleaned


def test_single_line_fields_fold_line_breaks_into_spaces():
    assert clean_single_line("Анна\r\nВаш кошелёк\u2028заблокирован\tзвоните") == (
        "Анна Ваш кошелёк заблокирован звоните"
    )


def test_multi_line_fields_keep_line_feeds_as_line_feeds():
    assert clean_multiline("раз\r\nдва\rтри\u2029четыре") == "раз\nдва\nтри\nчетыре"


def test_an_appeal_keeps_no_control_or_bidi_character_in_any_field(client, topic):
    data = appeal_form_data(
        topic,
        name="Анна\u202e Петрова\x1b[2J\x07",
        subject="Платёж \u202eне дошёл\x1b]0;title\x07 " + KEPT,
        description="Строка 1\r\nСтрока 2\u202e\x1b[31m\x07\x00",
        phone="+7 (999) 123-45-67\x1b",
        wallet="79991234567\u202e",
    )
    assert client.post("/appeal/", data).status_code == 302
    appeal = Appeal.objects.get()
    for value in (appeal.name, appeal.subject, appeal.description, appeal.phone, appeal.wallet):
        assert not any(ch in value for ch in "\u202e\x1b\x07\x00"), value
    assert appeal.name == "Анна Петрова[2J"
    assert KEPT in appeal.subject
    assert appeal.description == "Строка 1\nСтрока 2[31m"


def test_a_reply_keeps_no_control_or_bidi_character(client, topic):
    appeal = make_appeal(topic)
    client.post(appeal.get_absolute_url(), {"body": "Ответ\u202e\x1b[1m\x07\nвторая " + KEPT})
    assert appeal.replies.get().body == "Ответ[1m\nвторая " + KEPT


def test_a_line_break_in_the_name_is_folded_and_cannot_start_a_line_in_the_email(client, topic):
    injected = "Анна\nВаш кошелёк заблокирован. Позвоните +7 900 000-00-00"
    data = appeal_form_data(topic, name=injected, subject="Срочно: ваш кошелёк заблокирован")
    assert client.post("/appeal/", data).status_code == 302
    assert Appeal.objects.get().name == injected.replace("\n", " ")
    send_due()
    (message,) = mail.outbox
    for text in (message.subject, message.body):
        assert "заблокирован" not in text
        assert "Анна" not in text
        assert "Позвоните" not in text


def test_the_confirmation_says_only_the_reference_link_and_due_time(client, topic):
    client.post("/appeal/", appeal_form_data(topic))
    appeal = Appeal.objects.get()
    body = OutboxEmail.objects.get().body
    assert appeal.reference in body
    assert appeal.get_absolute_url() in body
    assert appeal.name not in body
    assert appeal.subject not in body
    assert appeal.description not in body


def test_the_link_e_mail_echoes_no_visitor_text(topic):
    appeal = make_appeal(topic, name="Злоумышленник\u202e", subject="Позвоните нам срочно")
    Client().post("/appeal/find/", {"reference": appeal.reference, "email": appeal.email})
    body = OutboxEmail.objects.get(kind="link").body
    assert "Злоумышленник" not in body
    assert "Позвоните" not in body


def test_the_find_form_reads_a_reference_with_odd_characters_as_typed(client, topic):
    appeal = make_appeal(topic)
    typed = "\u202e" + appeal.reference.lower() + "\x1b"
    response = client.post("/appeal/find/", {"reference": typed, "email": appeal.email})
    assert response.status_code == 200
    assert OutboxEmail.objects.filter(kind="link").count() == 1
