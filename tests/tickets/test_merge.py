"""Staff merge a duplicate into another appeal of the same visitor; nothing is lost."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tickets.factories import make_appeal, png_bytes, upload
from tickets import services
from tickets.models import Appeal, Reply
from tickets.uploads import check_upload

pytestmark = pytest.mark.django_db


def _merge(agent_client, duplicate, into_reference, follow=True):
    return agent_client.post(
        f"/admin/tickets/appeal/{duplicate.pk}/merge/", {"into": into_reference}, follow=follow
    )


def test_a_duplicate_is_merged_with_its_thread_files_and_notes(client, topic, agent, agent_client):
    target = make_appeal(topic, subject="Платёж не дошёл", email="anna@example.org")
    services.reply_from_staff(appeal=target, author=agent, body="Проверяем.")
    duplicate = make_appeal(
        topic,
        subject="Опять про платёж",
        description="Пишу второй раз.",
        email="Anna@Example.ORG",
        files=[check_upload(upload("check.png", png_bytes(), "image/png"))],
    )
    services.reply_from_visitor(appeal=duplicate, body="Добавляю чек.")
    services.note_add(appeal=duplicate, author=agent, body="Дубликат")
    # The duplicate was written before the staff reply on the target: the thread keeps time order.
    Appeal.objects.filter(pk=duplicate.pk).update(created_at=timezone.now() - timedelta(hours=1))
    duplicate.refresh_from_db()

    page = _merge(agent_client, duplicate, target.reference.lower()).content.decode()
    assert f"{duplicate.reference} объединено с {target.reference}." in page

    duplicate.refresh_from_db()
    assert duplicate.status == "closed" and duplicate.merged_into == target
    bodies = list(target.replies.order_by("created_at", "pk").values_list("body", flat=True))
    assert bodies == [
        f"[{duplicate.reference}] Опять про платёж\n\nПишу второй раз.",
        "Проверяем.",
        "Добавляю чек.",
    ]
    assert target.attachments.get().original_name == "check.png"
    assert target.notes.get().body == "Дубликат"
    assert not Reply.objects.filter(appeal=duplicate).exists()
    assert target.events.filter(kind="merged", old_value=duplicate.reference).exists()
    assert duplicate.events.filter(kind="merged", new_value=target.reference).exists()
    assert duplicate.events.filter(kind="status", new_value="closed").exists()

    # The duplicate's private link leads to the merged appeal, whose page shows everything.
    response = client.get(duplicate.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    merged_page = client.get(response["Location"]).content.decode()
    assert "Пишу второй раз." in merged_page and "check.png" in merged_page


def test_a_reply_sent_from_the_duplicates_old_page_lands_in_the_merged_appeal(client, topic, agent):
    from tickets.merging import appeal_merge

    target, duplicate = make_appeal(topic), make_appeal(topic)
    stale_page_url = duplicate.get_absolute_url()
    appeal_merge(duplicate=duplicate, into=target, actor=agent)
    response = client.post(stale_page_url, {"body": "Написал со старой страницы"})
    assert response.status_code == 302 and response["Location"] == target.get_absolute_url()
    assert target.replies.filter(body="Написал со старой страницы").exists()


def test_appeals_of_different_visitors_are_not_merged(topic, agent_client):
    target = make_appeal(topic, email="anna@example.org")
    other = make_appeal(topic, email="boris@example.org", description="Чужое")
    page = _merge(agent_client, other, target.reference).content.decode()
    assert "отправлены с разных адресов электронной почты" in page
    other.refresh_from_db()
    assert other.merged_into is None and other.status == "new"
    assert not target.replies.exists()


def test_an_appeal_is_not_merged_into_itself_nor_into_a_merged_one(topic, agent, agent_client):
    a, b, c = (make_appeal(topic) for _ in range(3))
    assert (
        "нельзя объединить с самим собой" in _merge(agent_client, a, a.reference).content.decode()
    )
    _merge(agent_client, b, c.reference)
    refused = _merge(agent_client, a, b.reference).content.decode()
    assert "уже объединено с другим обращением: выберите то обращение" in refused
    assert "Обращения с таким номером нет." in (
        _merge(agent_client, a, "SP-AAA-AAA").content.decode()
    )
    a.refresh_from_db()
    assert a.merged_into is None


def test_links_of_earlier_merges_follow_on(client, topic, agent):
    from tickets.merging import appeal_merge

    a, b, c = (make_appeal(topic) for _ in range(3))
    appeal_merge(duplicate=a, into=b, actor=agent)
    appeal_merge(duplicate=b, into=c, actor=agent)
    a.refresh_from_db()
    assert a.merged_into == c
    assert client.get(a.get_absolute_url())["Location"] == c.get_absolute_url()


def test_the_merge_action_opens_the_merge_page_for_one_appeal(topic, agent_client):
    a, b = make_appeal(topic), make_appeal(topic)
    response = agent_client.post(
        "/admin/tickets/appeal/", {"action": "merge_into", "_selected_action": [str(a.pk)]}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/tickets/appeal/{a.pk}/merge/"
    page = agent_client.get(response["Location"]).content.decode()
    assert b.reference in page  # the visitor's other appeals are listed to choose from
    both = agent_client.post(
        "/admin/tickets/appeal/",
        {"action": "merge_into", "_selected_action": [str(a.pk), str(b.pk)]},
        follow=True,
    )
    assert "Выберите ровно одно обращение." in both.content.decode()


def test_a_visitor_cannot_reach_the_merge_page(client, topic, content_editor_client):
    appeal = make_appeal(topic)
    assert client.get(f"/admin/tickets/appeal/{appeal.pk}/merge/").status_code == 302
    assert content_editor_client.get(f"/admin/tickets/appeal/{appeal.pk}/merge/").status_code in (
        403,
        404,
    )
