"""The appeal form as a visitor sees it, and how it answers bad input."""

import re

import pytest

from tests.tickets.factories import appeal_form_data, make_topic
from tickets.models import Appeal

pytestmark = pytest.mark.django_db


def test_topics_are_radio_cards_in_order_with_the_cannot_help_notes(client, topics):
    body = client.get("/appeal/").content.decode()
    names = re.findall(r'class="tickets-topic__name">([^<]+)<', body)
    assert names == [
        "Сбои в аппаратах самообслуживания",
        "Вход в систему и авторизация",
        "Нарушения в работе сайта или приложения",
        "Ошибки в платежах",
        "Вопросы по смс-оповещениям",
        "Другой вопрос",
    ]
    payments = topics.get(slug="payments")
    card = re.search(
        r'<label class="tickets-topic" for="id_topic_3">.*?</label>', body, re.S
    ).group(0)
    assert f'value="{payments.pk}"' in card
    assert f'aria-describedby="topic-note-{payments.pk}"' in card
    assert "деньги по ошибке переведены другому человеку" in card
    assert body.count('class="tickets-topic__note"') == 3  # site faults, payments, other


def test_the_form_says_when_to_expect_an_answer_and_asks_for_consent(client, topics, settings):
    body = client.get("/appeal/").content.decode()
    assert "Обычно мы отвечаем в течение суток; клиентам «Приоритета» — в первую очередь." in body
    assert 'name="consent"' in body
    settings.TICKETS_DUE_HOURS = 48
    body = client.get("/appeal/").content.decode()
    assert "Обычно мы отвечаем в течение 48 часов" in body
    assert "Я согласен на обработку моих персональных данных" in body
    assert body.count("<fieldset") == 4


def test_every_text_field_has_a_length_limit(client, topics):
    body = client.get("/appeal/").content.decode()
    for name, limit in [("name", 100), ("email", 254), ("subject", 150), ("description", 5000)]:
        tag = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', body).group(0)
        assert f'maxlength="{limit}"' in tag


def test_the_honeypot_is_hidden_by_a_stylesheet_not_a_style_attribute(client, topics):
    body = client.get("/appeal/").content.decode()
    assert '<div class="tickets-hp" aria-hidden="true">' in body
    assert "style=" not in body
    assert "<script>" not in body


def test_suggestions_come_from_the_help_section(client, topics):
    body = client.get("/appeal/").content.decode()
    assert 'data-suggest-url="/help/suggest/"' in body
    assert 'aria-live="polite"' in body
    assert '<script src="/static/tickets/appeal-form.js" defer></script>' in body


def test_a_topic_in_the_link_is_chosen_already(client, topics):
    payments = topics.get(slug="payments")
    body = client.get("/appeal/?topic=payments").content.decode()
    assert re.search(rf'value="{payments.pk}" id="id_topic_\d" required checked', body)


def test_a_hidden_topic_is_not_offered_even_by_link(client, topics):
    make_topic(slug="old", name_ru="Старая тема", is_visible=False)
    body = client.get("/appeal/?topic=old").content.decode()
    assert "Старая тема" not in body
    assert " checked" not in body


def test_a_hidden_topic_cannot_be_posted_by_editing_the_form(client, topics):
    hidden = make_topic(slug="old", is_visible=False)
    response = client.post("/appeal/", appeal_form_data(hidden))
    assert response.status_code == 200
    assert "Выберите одну из предложенных тем" in response.content.decode()
    assert not Appeal.objects.exists()


def test_missing_fields_get_clear_messages_in_russian(client, topics):
    response = client.post("/appeal/", {"consent": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Проверьте, пожалуйста, форму" in body
    assert "Выберите, о чём ваш вопрос." in body
    assert "Напишите тему вопроса." in body
    assert "Без вашего согласия мы не можем рассмотреть обращение" in body


def test_messages_are_in_english_on_the_english_site(client, topics):
    body = client.post("/en/appeal/", {}).content.decode()
    assert "Please check the form" in body
    assert "Write the subject of your question." in body


def test_an_error_keeps_everything_typed_and_asks_to_choose_files_again(client, topic):
    from tests.tickets.factories import png_bytes, upload

    data = appeal_form_data(
        topic, email="not-an-email", phone="8 912 345-67-89", wallet="123456789"
    )
    data["files"] = [upload("screen.png", png_bytes(), "image/png")]
    body = client.post("/appeal/", data).content.decode()
    assert "Введите адрес электронной почты, например name@example.com." in body
    assert 'value="Анна Петрова"' in body
    assert 'value="Платёж не дошёл до оператора"' in body
    assert "Вчера в 14:05 оплатила мобильную связь" in body
    assert 'value="8 912 345-67-89"' in body
    assert f'value="{topic.pk}" id="id_topic_3" required checked' in body
    assert "выберите файлы ещё раз" in body
    assert not Appeal.objects.exists()


def test_a_phone_that_is_not_a_phone_is_refused(client, topic):
    body = client.post("/appeal/", appeal_form_data(topic, phone="12345")).content.decode()
    assert "Введите номер телефона, например +7 912 345-67-89." in body
    assert not Appeal.objects.exists()


def test_text_over_the_limit_is_refused_by_the_server(client, topic):
    body = client.post("/appeal/", appeal_form_data(topic, subject="ы" * 151)).content.decode()
    assert "не более 150" in body
    assert not Appeal.objects.exists()


def test_without_consent_nothing_is_saved(client, topic):
    body = client.post("/appeal/", appeal_form_data(topic, consent=None)).content.decode()
    assert "Без вашего согласия" in body
    assert not Appeal.objects.exists()


def test_a_filled_honeypot_sends_nothing(client, topic):
    data = appeal_form_data(topic, homepage="http://spam.example")
    body = client.post("/appeal/", data).content.decode()
    assert "скрытое поле" in body
    assert not Appeal.objects.exists()


def test_the_visitor_cannot_choose_priority_assignee_status_or_due_time(client, topic, agent):
    data = appeal_form_data(
        topic,
        is_priority="on",
        assignee=str(agent.pk),
        status="resolved",
        due_at="2030-01-01 00:00",
    )
    assert client.post("/appeal/", data).status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.is_priority is False
    assert appeal.assignee is None
    assert appeal.status == "new"
    assert (appeal.due_at - appeal.created_at).total_seconds() == 24 * 3600


def test_the_appeal_keeps_the_visitors_language_for_its_emails(client, topic):
    client.post("/en/appeal/", appeal_form_data(topic))
    appeal = Appeal.objects.get()
    assert appeal.language == "en"
    assert appeal.emails.get().subject == f"Your appeal {appeal.reference} has been received"


def test_a_get_never_changes_anything(client, topic):
    client.get("/appeal/", appeal_form_data(topic))
    assert not Appeal.objects.exists()
