"""Support handles appeals in admin: statuses, assignees, notes, public replies, history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.staff import make_staff
from tests.tickets.factories import admin_change_data, make_appeal
from tickets import services
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def _change(client, appeal, **fields):
    url = f"/admin/tickets/appeal/{appeal.pk}/change/"
    data = admin_change_data(client.get(url).content.decode(), **fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:4000]
    appeal.refresh_from_db()
    return appeal


def test_a_status_change_is_written_to_the_history(topic, agent, agent_client):
    appeal = _change(agent_client, make_appeal(topic), status="in_progress", assignee=str(agent.pk))
    assert appeal.status == "in_progress"
    assert appeal.assignee == agent
    body = agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").content.decode()
    assert "Статус изменён" in body and "Новое → В работе" in body
    assert "Назначен исполнитель" in body and "— → agent" in body


def test_marking_an_appeal_priority_brings_its_due_time_forward(topic, agent_client):
    appeal = make_appeal(topic)
    appeal = _change(agent_client, appeal, is_priority="on")
    assert appeal.is_priority
    assert (appeal.due_at - appeal.created_at) == timedelta(hours=4)
    assert appeal.events.filter(kind="priority", new_value="1").exists()


def test_an_internal_note_is_kept_for_staff_only(client, topic, agent_client):
    appeal = make_appeal(topic)
    _change(agent_client, appeal, **{"notes-0-body": "Проверить в биллинге"})
    assert appeal.notes.get().body == "Проверить в биллинге"
    assert (
        "Проверить в биллинге"
        in agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").content.decode()
    )
    assert "Проверить в биллинге" not in client.get(appeal.get_absolute_url()).content.decode()
    assert not OutboxEmail.objects.filter(kind="staff_reply").exists()


def test_a_public_reply_is_emailed_and_waits_for_the_customer(topic, agent, agent_client):
    appeal = _change(agent_client, make_appeal(topic), **{"replies-2-0-body": "Уточните сумму."})
    assert appeal.status == "waiting"
    assert appeal.first_response_at is not None
    email = OutboxEmail.objects.get(kind="staff_reply")
    assert email.to == "anna@example.org"
    assert "Уточните сумму." in email.body
    assert appeal.replies.get().author == agent


def test_a_reply_with_an_explicit_status_keeps_that_status(topic, agent_client):
    appeal = _change(
        agent_client, make_appeal(topic), status="resolved", **{"replies-2-0-body": "Готово."}
    )
    assert appeal.status == "resolved"


def test_a_visitors_reply_reopens_a_waiting_appeal_with_a_fresh_due_time(client, topic, agent):
    appeal = make_appeal(topic)
    services.reply_from_staff(appeal=appeal, author=agent, body="Уточните сумму.")
    past = timezone.now() - timedelta(hours=30)
    Appeal.objects.filter(pk=appeal.pk).update(created_at=past, due_at=past + timedelta(hours=24))
    client.post(appeal.get_absolute_url(), {"body": "300 рублей"})
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    assert appeal.due_at > timezone.now() + timedelta(hours=23)
    event = appeal.events.filter(kind="status").last()
    assert event.by_visitor and event.new_value == "in_progress"


def test_a_closed_appeal_takes_no_more_replies(client, topic, agent):
    appeal = services.appeal_update(appeal=make_appeal(topic), by=agent, status="closed")
    body = client.get(appeal.get_absolute_url()).content.decode()
    assert "Обращение закрыто" in body
    assert 'name="body"' not in body
    client.post(appeal.get_absolute_url(), {"body": "ещё"})
    assert not appeal.replies.exists()


def test_bulk_actions_assign_and_resolve(topic, agent, agent_client):
    first, second = make_appeal(topic), make_appeal(topic)
    ids = [first.pk, second.pk]
    agent_client.post("/admin/tickets/appeal/", {"action": "assign_to_me", "_selected_action": ids})
    agent_client.post(
        "/admin/tickets/appeal/", {"action": "mark_resolved", "_selected_action": ids}
    )
    for appeal in (first, second):
        appeal.refresh_from_db()
        assert appeal.assignee == agent and appeal.status == "resolved"
        assert appeal.events.filter(kind="status", actor=agent).exists()


def test_staff_who_may_only_view_cannot_run_actions(topic, client):
    from django.contrib.auth.models import Permission

    viewer = make_staff("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="view_appeal"))
    client.force_login(viewer)
    appeal = make_appeal(topic)
    assert client.get("/admin/tickets/appeal/").status_code == 200
    client.post(
        "/admin/tickets/appeal/", {"action": "mark_closed", "_selected_action": [appeal.pk]}
    )
    appeal.refresh_from_db()
    assert appeal.status == "new"
    response = client.post(f"/admin/tickets/appeal/{appeal.pk}/change/", {"status": "closed"})
    assert response.status_code == 403


def test_agents_cannot_delete_or_invent_appeals(topic, agent_client):
    appeal = make_appeal(topic)
    assert agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/delete/").status_code == 403
    assert agent_client.get("/admin/tickets/appeal/add/").status_code == 403


def test_the_assignee_must_be_staff(topic, agent_client):
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user("outsider", password="x-pass-12345")
    url = f"/admin/tickets/appeal/{make_appeal(topic).pk}/change/"
    data = admin_change_data(agent_client.get(url).content.decode(), assignee=str(outsider.pk))
    response = agent_client.post(url, data)
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


def test_an_agent_finds_an_appeal_by_the_phone_as_the_visitor_said_it(topic, agent_client):
    found = make_appeal(topic, phone="+79123456789")
    other = make_appeal(topic, phone="+74957836900")
    body = agent_client.get("/admin/tickets/appeal/", {"q": "8 912 345-67-89"}).content.decode()
    assert found.reference in body
    assert other.reference not in body
