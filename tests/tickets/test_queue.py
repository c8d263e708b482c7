"""The agents' queue: take the next appeal, assign to me, canned replies, stale pages."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.staff import client_for, make_agent
from tests.threads import run_at_once
from tests.tickets.factories import admin_change_data, make_appeal
from tickets import services
from tickets.models import Appeal, CannedReply, OutboxEmail

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tickets/appeal/"
TAKE = "/admin/tickets/appeal/take-next/"


def _change_url(appeal):
    return f"/admin/tickets/appeal/{appeal.pk}/change/"


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _due_in(appeal, hours):
    Appeal.objects.filter(pk=appeal.pk).update(due_at=appeal.created_at + timedelta(hours=hours))


def test_take_next_gives_the_agent_the_priority_appeal_first_and_opens_it(
    topic, agent, agent_client
):
    later = make_appeal(topic, subject="Ordinary, due soon")
    _due_in(later, 1)
    urgent = make_appeal(topic, subject="Priority, due later")
    Appeal.objects.filter(pk=urgent.pk).update(is_priority=True)
    response = agent_client.post(TAKE, follow=True)
    assert response.redirect_chain[-1][0] == _change_url(urgent)
    assert f"Обращение {urgent.reference} теперь ваше." in _messages(response)
    urgent.refresh_from_db()
    assert urgent.assignee == agent
    assert "Назначен исполнитель" in response.content.decode()
    # Then the earliest due time among the others.
    assert agent_client.post(TAKE).url == _change_url(later)


def test_take_next_skips_assigned_and_answered_appeals_and_says_when_nothing_is_left(
    topic, agent, agent_client
):
    colleague = make_agent("colleague")
    services.appeal_update(appeal=make_appeal(topic), by=colleague, assignee=colleague)
    services.appeal_update(appeal=make_appeal(topic), by=colleague, status="waiting")
    response = agent_client.post(TAKE, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "Брать нечего: у каждого ждущего обращения есть агент." in _messages(response)
    assert not Appeal.objects.filter(assignee=agent).exists()


def test_take_next_only_answers_a_post(agent_client, topic):
    make_appeal(topic)
    assert agent_client.get(TAKE).status_code == 405
    assert not Appeal.objects.exclude(assignee=None).exists()


def test_the_changelist_and_the_admin_index_offer_take_next_to_agents_only(
    agent_client, content_editor_client
):
    for url in (CHANGELIST, "/admin/"):
        assert "Взять следующее обращение" in agent_client.get(url).content.decode()
    assert "Взять следующее обращение" not in content_editor_client.get("/admin/").content.decode()
    assert content_editor_client.post(TAKE).status_code == 403


def test_assign_to_me_takes_an_appeal_from_a_colleague_and_says_so_in_its_history(
    topic, agent, agent_client
):
    colleague = make_agent("colleague")
    appeal = services.appeal_update(appeal=make_appeal(topic), by=colleague, assignee=colleague)
    page = agent_client.get(_change_url(appeal)).content.decode()
    assert "Назначить на меня" in page
    response = agent_client.post(f"/admin/tickets/appeal/{appeal.pk}/assign-to-me/", follow=True)
    appeal.refresh_from_db()
    assert appeal.assignee == agent
    assert "colleague → agent" in response.content.decode()
    assert agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/assign-to-me/").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_agents_taking_in_parallel_threads_each_get_distinct_appeals():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    from tickets import content

    content.load()
    topic = content.Topic.objects.get(slug="payments")
    per_agent, agents = 15, [make_agent(f"agent{n}") for n in range(4)]
    for n in range(per_agent * len(agents) + 3):
        make_appeal(topic, subject=f"Обращение {n}")
    taken = {agent.pk: [] for agent in agents}

    def take(n):
        agent = agents[n]
        for _ in range(per_agent):
            appeal = services.appeal_take_next(agent=agent)
            taken[agent.pk].append(appeal.pk if appeal else None)

    run_at_once(len(agents), take)
    everything = [pk for pks in taken.values() for pk in pks]
    assert None not in everything
    assert len(everything) == len(set(everything)) == per_agent * len(agents)
    for agent in agents:
        assert set(Appeal.objects.filter(assignee=agent).values_list("pk", flat=True)) == set(
            taken[agent.pk]
        )
    assert Appeal.objects.filter(assignee=None).count() == 3


# --- Canned replies ---------------------------------------------------------------------------


@pytest.fixture
def greeting(db):
    return CannedReply.objects.create(
        title_ru="Приветствие",
        title_en="Greeting",
        body_ru="Здравствуйте, {name}! Обращение {reference}, ответим до {due}. Страница: {link}",
        body_en="Hello {name}! Appeal {reference}, answer by {due}. Page: {link}",
    )


def test_the_canned_text_is_filled_in_for_the_appeal_in_its_language(topic, greeting, agent_client):
    appeal = make_appeal(topic, name="Анна", language="en")
    Appeal.objects.filter(pk=appeal.pk).update(
        due_at=timezone.make_aware(timezone.datetime(2026, 12, 1, 14, 30))
    )
    page = agent_client.get(_change_url(appeal)).content.decode()
    assert "Greeting" in page
    assert (
        f"Hello Анна! Appeal {appeal.reference}, answer by 1 December 2026, 14:30 (Moscow time)."
        " Page: {link}" in page
    )


def test_insert_without_javascript_adds_the_text_to_what_was_typed_and_saves_nothing(
    topic, greeting, agent_client
):
    appeal = make_appeal(topic, name="Анна")
    data = admin_change_data(
        agent_client.get(_change_url(appeal)).content.decode(),
        **{"replies-2-0-body": "Добрый день.", "canned_reply": str(greeting.pk)},
    )
    del data["_save"]
    data["_canned_insert"] = "1"
    response = agent_client.post(_change_url(appeal), data)
    assert response.status_code == 200
    page = response.content.decode()
    textarea = re.search(r'<textarea name="replies-2-0-body"[^>]*>(.*?)</textarea>', page, re.S)
    assert textarea, "the reply box is on the page"
    assert "Добрый день.\n\nЗдравствуйте, Анна!" in textarea.group(1)
    assert not appeal.replies.exists()
    assert not OutboxEmail.objects.filter(kind="staff_reply").exists()


def test_a_sent_canned_reply_puts_the_private_link_in_the_email_only(
    client, topic, greeting, agent_client
):
    from tickets import canned, mail

    appeal = make_appeal(topic, name="Анна")
    text = canned.render(greeting, appeal)
    reply = services.reply_from_staff(appeal=appeal, author=None, body=text)
    assert "{link}" in reply.body and appeal.link_token not in reply.body
    email = OutboxEmail.objects.get(kind="staff_reply")
    assert f"Страница: {mail.appeal_link(appeal)}" in email.body
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert f"Страница: {mail.appeal_link(appeal)}" in page
    admin_page = agent_client.get(_change_url(appeal)).content.decode()
    assert "Страница: {link}" in admin_page


def test_an_article_placeholder_becomes_the_articles_address(shipped_content, topic):
    from django.apps import apps

    from tickets import canned

    article = apps.get_model("faq", "Article").objects.filter(status="published").first()
    if article is None:
        pytest.skip("no published article in the shipped content")
    reply = CannedReply.objects.create(
        title_ru="Статья", body_ru=f"Читайте: {{article:{article.slug}}} и {{article:nope}}"
    )
    text = canned.render(reply, make_appeal(topic))
    assert f"/help/{article.category.slug}/{article.slug}/" in text
    assert "{article:nope}" in text


def test_a_misspelt_placeholder_is_refused_in_admin(agent_client):
    response = agent_client.post(
        "/admin/tickets/cannedreply/add/",
        {
            "title_ru": "Опечатка",
            "body_ru": "Здравствуйте, {nmae}!",
            "order": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Неизвестная подстановка: {nmae}." in response.content.decode()
    assert not CannedReply.objects.exists()


# --- Stale page -------------------------------------------------------------------------------


def test_a_reply_typed_on_a_page_older_than_the_visitors_message_is_refused_and_kept(
    topic, agent_client
):
    appeal = make_appeal(topic)
    page = agent_client.get(_change_url(appeal)).content.decode()
    services.reply_from_visitor(appeal=appeal, body="Забыла: сумма 300 рублей.")
    data = admin_change_data(page, **{"replies-2-0-body": "Проверяем платёж."})
    response = agent_client.post(_change_url(appeal), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Посетитель написал ещё раз — сначала прочитайте" in body
    assert "Забыла: сумма 300 рублей." in body
    assert "Проверяем платёж.</textarea>" in body
    assert not appeal.replies.filter(author_kind="staff").exists()
    # Having read it, the agent sends the same text from the refreshed page.
    response = agent_client.post(_change_url(appeal), admin_change_data(body))
    assert response.status_code == 302
    assert appeal.replies.get(author_kind="staff").body == "Проверяем платёж."


def test_a_status_change_on_a_stale_page_is_refused(topic, agent_client):
    appeal = make_appeal(topic)
    page = agent_client.get(_change_url(appeal)).content.decode()
    services.reply_from_visitor(appeal=appeal, body="Ещё вопрос")
    response = agent_client.post(_change_url(appeal), admin_change_data(page, status="resolved"))
    assert "Посетитель написал ещё раз — сначала прочитайте" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "new"


# --- Who else has it open ---------------------------------------------------------------------


def test_an_agent_sees_a_colleague_who_has_the_appeal_open(topic, agent_client, settings):
    appeal = make_appeal(topic)
    colleague = make_agent("colleague")
    colleague.first_name, colleague.last_name = "Ольга", "Смирнова"
    colleague.save()
    colleague_client = client_for(colleague)
    colleague_client.get(_change_url(appeal))
    page = agent_client.get(_change_url(appeal)).content.decode()
    assert re.search(r"также открыто: Ольга Смирнова \(с \d\d:\d\d\)", page)
    beat = colleague_client.post(f"/admin/tickets/appeal/{appeal.pk}/presence/")
    assert re.fullmatch(r"также открыто: agent \(с \d\d:\d\d\)", beat.json()["text"])
    assert colleague_client.get(f"/admin/tickets/appeal/{appeal.pk}/presence/").status_code == 405
