"""Agents answer every appeal tagged with a notice at once; each visitor gets their own e-mail
in their language through the outbox."""

import pytest

from tests.notices.factories import make_notice
from tests.tickets.factories import make_appeal
from tickets.models import OutboxEmail, Status
from tickets.models.outbox import OutboxKind

pytestmark = pytest.mark.django_db

REPLY_RU = "Сбой устранён в 14:20, платежи проведены. Карта 4276 3800 1234 5679 не нужна."
REPLY_EN = "Fixed at 14:20; your payment has gone through."


@pytest.fixture
def tagged(payments):
    notice = make_notice(topics=[payments])
    russian = make_appeal(topic=payments, email="anna@example.org", language="ru")
    english = make_appeal(topic=payments, email="john@example.org", language="en")
    closed = make_appeal(topic=payments, email="closed@example.org")
    closed.status = Status.CLOSED
    closed.save()
    return notice, russian, english, closed


def _post(client, notice, **data):
    return client.post(
        f"/admin/notices/notice/{notice.pk}/reply/",
        {"body_ru": REPLY_RU, "body_en": REPLY_EN, **data},
        follow=True,
    )


def test_each_visitor_gets_the_reply_in_their_language_and_closed_ones_are_skipped(
    tagged, agent_client
):
    notice, russian, _english, closed = tagged
    page = agent_client.get(f"/admin/notices/notice/{notice.pk}/reply/").content.decode()
    assert "2 из 3 отмеченных обращений ждут ответа" in page

    response = _post(agent_client, notice)
    assert "Отправлено: 2, пропущено: 1" in response.content.decode()
    replies = OutboxEmail.objects.filter(kind=OutboxKind.STAFF_REPLY)
    by_address = {email.to: email.body for email in replies}
    assert set(by_address) == {"anna@example.org", "john@example.org"}
    assert "Сбой устранён в 14:20" in by_address["anna@example.org"]
    assert "Fixed at 14:20" in by_address["john@example.org"]
    assert "Сбой устранён" not in by_address["john@example.org"]
    # Card numbers are masked as in any staff reply.
    assert "4276 3800 1234 5679" not in by_address["anna@example.org"]
    assert "5679" in by_address["anna@example.org"]
    russian.refresh_from_db()
    assert russian.status == Status.WAITING
    assert russian.replies.get().body.startswith("Сбой устранён")
    assert closed.replies.count() == 0


def test_running_it_again_answers_nobody_twice(tagged, agent_client):
    notice = tagged[0]
    _post(agent_client, notice)
    response = _post(agent_client, notice)
    assert "Отправлено: 0, пропущено: 3" in response.content.decode()
    assert OutboxEmail.objects.filter(kind=OutboxKind.STAFF_REPLY).count() == 2


def test_without_english_text_everyone_gets_the_russian_one(tagged, agent_client):
    _post(agent_client, tagged[0], body_en="")
    english = OutboxEmail.objects.get(kind=OutboxKind.STAFF_REPLY, to="john@example.org")
    assert "Сбой устранён в 14:20" in english.body


def test_an_empty_reply_is_refused_with_a_message_and_sends_nothing(tagged, agent_client):
    response = _post(agent_client, tagged[0], body_ru="", body_en="")
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not OutboxEmail.objects.filter(kind=OutboxKind.STAFF_REPLY).exists()


def test_content_editors_cannot_answer_appeals(tagged, content_editor_client):
    response = _post(content_editor_client, tagged[0])
    assert response.status_code == 403
    assert not OutboxEmail.objects.filter(kind=OutboxKind.STAFF_REPLY).exists()
