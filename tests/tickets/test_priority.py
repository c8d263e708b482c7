"""Priority customers: matched by phone or wallet, answered sooner, first in the queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tickets.models import Appeal, OutboxEmail, PriorityCustomer

pytestmark = pytest.mark.django_db


def _priority(**fields):
    customer = PriorityCustomer(**fields)
    customer.full_clean()
    customer.save()
    return customer


def _hours_to_answer(appeal):
    return (appeal.due_at - appeal.created_at) / timedelta(hours=1)


def test_an_appeal_from_a_priority_phone_is_marked_and_due_sooner(topic):
    _priority(name="Иванов", phone="8 912 345-67-89")
    appeal = make_appeal(topic, phone="+7 (912) 345 67 89")
    assert appeal.is_priority
    assert _hours_to_answer(appeal) == 4
    assert appeal.events.filter(kind="priority").exists()


def test_a_wallet_matches_whichever_field_it_was_typed_in(topic):
    _priority(wallet="+7 912 345-67-89")
    assert make_appeal(topic, wallet="89123456789").is_priority
    assert make_appeal(topic, phone="8 912 345 67 89").is_priority


def test_a_non_phone_wallet_matches_as_written(topic):
    _priority(wallet="ab-1234-567")
    assert make_appeal(topic, wallet="AB 1234567").is_priority


def test_other_customers_wait_the_usual_day(topic, settings):
    _priority(phone="+79123456789")
    appeal = make_appeal(topic, phone="+79990001122")
    assert not appeal.is_priority
    assert _hours_to_answer(appeal) == 24
    settings.TICKETS_DUE_HOURS = 48
    assert _hours_to_answer(make_appeal(topic)) == 48


def test_an_inactive_priority_entry_does_not_count(topic):
    _priority(phone="+79123456789", is_active=False)
    assert not make_appeal(topic, phone="+79123456789").is_priority


def test_staff_must_give_a_number_and_cannot_list_it_twice(agent_client):
    response = agent_client.post("/admin/tickets/prioritycustomer/add/", {"name": "Никто"})
    assert "Укажите номер кошелька, телефон или оба." in response.content.decode()
    _priority(phone="+79123456789")
    response = agent_client.post(
        "/admin/tickets/prioritycustomer/add/", {"phone": "8 912 345-67-89", "is_active": "on"}
    )
    assert "Этот телефон уже есть в списке." in response.content.decode()
    response = agent_client.post(
        "/admin/tickets/prioritycustomer/add/", {"phone": "12", "is_active": "on"}
    )
    assert "Введите номер телефона" in response.content.decode()


def test_staff_type_numbers_the_way_they_hear_them(agent_client):
    response = agent_client.post(
        "/admin/tickets/prioritycustomer/add/",
        {
            "name": "Петров",
            "phone": "+7 (916) 123-45-67",
            "wallet": "8 (912) 345-67-89",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    customer = PriorityCustomer.objects.get()
    assert (customer.phone, customer.wallet) == ("+79161234567", "+79123456789")


def test_staff_find_a_priority_customer_by_the_number_as_they_hear_it(agent_client):
    _priority(name="Иванов", phone="+79123456789")
    _priority(name="Петров", phone="+79161234567")
    body = agent_client.get("/admin/tickets/prioritycustomer/", {"q": "8 912 345-67-89"}).content
    assert "Иванов" in body.decode()
    assert "Петров" not in body.decode()


def test_the_queue_puts_priority_first_then_the_earliest_due(topic, agent_client):
    _priority(phone="+79123456789")
    late = make_appeal(topic, subject="Обычное позднее")
    early = make_appeal(topic, subject="Обычное раннее")
    Appeal.objects.filter(pk=early.pk).update(due_at=late.due_at - timedelta(hours=1))
    vip = make_appeal(topic, subject="Приоритетное", phone="+79123456789")
    assert list(Appeal.objects.all()) == [vip, early, late]
    body = agent_client.get("/admin/tickets/appeal/").content.decode()
    assert body.index("Приоритетное") < body.index("Обычное раннее") < body.index("Обычное позднее")


def test_overdue_appeals_stand_out_and_can_be_filtered(topic, agent_client):
    overdue = make_appeal(topic, subject="Давно ждёт")
    make_appeal(topic, subject="Только что")
    past = timezone.now() - timedelta(hours=30)
    Appeal.objects.filter(pk=overdue.pk).update(created_at=past, due_at=past + timedelta(hours=24))
    body = agent_client.get("/admin/tickets/appeal/").content.decode()
    assert 'class="tickets-overdue"' in body
    assert body.count('class="tickets-overdue"') == 1
    filtered = agent_client.get("/admin/tickets/appeal/", {"overdue": "yes"}).content.decode()
    assert "Давно ждёт" in filtered and "Только что" not in filtered
    on_time = agent_client.get("/admin/tickets/appeal/", {"overdue": "no"}).content.decode()
    assert "Давно ждёт" not in on_time and "Только что" in on_time


def test_an_answered_appeal_is_not_overdue(topic):
    appeal = make_appeal(topic)
    past = timezone.now() - timedelta(hours=30)
    Appeal.objects.filter(pk=appeal.pk).update(
        created_at=past, due_at=past + timedelta(hours=24), status="waiting"
    )
    assert not Appeal.objects.overdue().exists()


def _confirmation(appeal):
    return OutboxEmail.objects.get(appeal=appeal, kind="confirmation").body


def test_the_confirmation_tells_each_customer_when_the_answer_is_due(topic):
    _priority(phone="+79123456789")
    moscow = timezone.get_fixed_timezone(180)
    priority = make_appeal(topic, phone="+79123456789")
    regular = make_appeal(topic)
    due = priority.due_at.astimezone(moscow).strftime("%H:%M")
    assert "Вы подключены к пакету «Приоритет»" in _confirmation(priority)
    assert f"{due} по московскому времени" in _confirmation(priority)
    due = regular.due_at.astimezone(moscow).strftime("%H:%M")
    assert f"не позднее {regular.due_at.astimezone(moscow).day} " in _confirmation(regular)
    assert f"{due} по московскому времени" in _confirmation(regular)
