"""A card number a visitor or staff member writes is masked before it is stored: it reaches no
database row, outbox e-mail, sent e-mail, log line or error report; the visitor and staff are
told it was hidden."""

import logging
import sys

import pytest
from django.core import mail
from django.db import connection
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from core.redaction import CardMaskingFilter
from tests.tickets.factories import admin_change_data, appeal_form_data, make_appeal
from tickets import services
from tickets.mail import send_due
from tickets.models import Appeal, Reply

pytestmark = pytest.mark.django_db

CARD = "4276 3800 0001 1234"
CARD_DIGITS = "4276380000011234"
MASKED = "4276 38•• •••• 1234"
MIDDLE = "3800 0001"  # what must never be seen again, in any spelling
PHONE = "+7 912 345-67-89"
PAYMENT_ID = "1234567812345678"
TABLES = ("tickets_appeal", "tickets_reply", "tickets_internalnote", "tickets_outboxemail")


def _assert_nowhere(*texts):
    for text in texts:
        assert MIDDLE not in text and CARD_DIGITS not in text and "3800-0001" not in text, text


def _all_rows_text() -> str:
    """Every text column of every appeals table, as the database holds it."""
    chunks = []
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            chunks.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(chunks)


def test_a_card_in_the_form_is_masked_everywhere_and_the_sent_page_says_so(client, topic):
    data = appeal_form_data(
        topic,
        name=f"Анна {CARD_DIGITS}",
        subject=f"Списание с карты {CARD}",
        description=f"Карта 4276-3800-0001-1234, телефон {PHONE}, платёж {PAYMENT_ID}.",
    )
    response = client.post("/appeal/", data, follow=True)
    assert "we hid it" in response.content.decode() or "мы скрыли" in response.content.decode()
    appeal = Appeal.objects.get()
    assert appeal.card_masked
    assert appeal.subject == f"Списание с карты {MASKED}"
    assert "4276-38••-••••-1234" in appeal.description
    assert PHONE in appeal.description and PAYMENT_ID in appeal.description
    send_due()
    _assert_nowhere(_all_rows_text(), *(m.body + m.subject for m in mail.outbox))
    assert len(mail.outbox) == 1


def test_the_appeal_page_shows_that_a_card_number_was_hidden(client, topic):
    appeal = make_appeal(topic, description=f"Моя карта {CARD}")
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert MASKED in page
    assert "tickets-card-masked" in page
    _assert_nowhere(page)


def test_an_appeal_without_a_card_shows_no_notice_and_keeps_its_numbers(client, topic):
    appeal = make_appeal(topic, description=f"Кошелёк 79123456789, платёж {PAYMENT_ID}")
    assert not appeal.card_masked
    assert appeal.description == f"Кошелёк 79123456789, платёж {PAYMENT_ID}"
    assert "tickets-card-masked" not in client.get(appeal.get_absolute_url()).content.decode()


def test_a_visitors_reply_is_masked(client, topic):
    appeal = make_appeal(topic)
    url = appeal.get_absolute_url()
    response = client.post(url, {"body": f"Вот карта: {CARD}"}, follow=True)
    reply = Reply.objects.get()
    assert reply.card_masked and reply.body == f"Вот карта: {MASKED}"
    assert "tickets-card-masked" in response.content.decode()
    _assert_nowhere(_all_rows_text())


def test_a_staff_reply_from_admin_is_masked_in_the_database_and_the_email(topic, agent_client):
    appeal = make_appeal(topic)
    url = f"/admin/tickets/appeal/{appeal.pk}/change/"
    data = admin_change_data(
        agent_client.get(url).content.decode(),
        **{"replies-2-0-body": f"Ваша карта {CARD} заблокирована банком."},
    )
    assert agent_client.post(url, data).status_code == 302
    assert Reply.objects.get().body == f"Ваша карта {MASKED} заблокирована банком."
    send_due()
    _assert_nowhere(_all_rows_text(), *(m.body for m in mail.outbox))
    assert any(MASKED in m.body for m in mail.outbox)


def test_staff_see_a_notice_and_can_filter_appeals_that_mentioned_a_card(topic, agent_client):
    with_card = make_appeal(topic, description=f"Карта {CARD}")
    without = make_appeal(topic, subject="Без карты")
    page = agent_client.get(f"/admin/tickets/appeal/{with_card.pk}/change/").content.decode()
    assert "tickets-card-notice" in page
    other = agent_client.get(f"/admin/tickets/appeal/{without.pk}/change/").content.decode()
    assert "tickets-card-notice" not in other
    in_reply = make_appeal(topic, subject="Карта в ответе")
    services.reply_from_visitor(appeal=in_reply, body=f"Карта {CARD}")
    listing = agent_client.get("/admin/tickets/appeal/?card=yes").content.decode()
    assert with_card.reference in listing and in_reply.reference in listing
    assert without.reference not in listing


def test_an_internal_note_is_masked(topic, agent):
    note = services.note_add(appeal=make_appeal(topic), author=agent, body=f"Карта {CARD}")
    assert note.body == f"Карта {MASKED}"


def test_log_lines_never_show_a_card_number(client, topic, caplog):
    handler_filter = CardMaskingFilter()
    caplog.handler.addFilter(handler_filter)
    try:
        logger = logging.getLogger("tickets.test")
        with caplog.at_level(logging.INFO):
            logger.info("Visitor wrote %s and %s", CARD, PHONE)
            logger.warning("Card %s", int(CARD_DIGITS))
            try:
                raise ValueError(f"bad input {CARD}")
            except ValueError:
                logger.exception("Failed")
            client.post("/appeal/", appeal_form_data(topic, description=f"Карта {CARD}"))
        text = caplog.text
    finally:
        caplog.handler.removeFilter(handler_filter)
    _assert_nowhere(text)
    assert MASKED in text and PHONE in text


def test_the_configured_handlers_carry_the_masking_filter(settings):
    logging_config = settings.LOGGING
    for name in ("console", "mail_admins"):
        assert "mask_cards" in logging_config["handlers"][name]["filters"]
    assert logging_config["filters"]["mask_cards"]["()"] == "core.redaction.CardMaskingFilter"


def test_an_error_report_masks_post_values_and_local_variables(settings):
    request = RequestFactory().post("/appeal/", {"description": f"Карта {CARD}"})
    try:
        secret_text = f"карта {CARD}"  # noqa: F841 (shown in the report's local variables)
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    html = reporter.get_traceback_html()
    text = reporter.get_traceback_text()
    _assert_nowhere(html, text)
    assert "4276 38•• •••• 1234" in html
