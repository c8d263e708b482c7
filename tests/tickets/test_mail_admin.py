"""Staff side of incoming mail: agents read what matched no appeal and add it to the right one;
follow-up appeals are linked both ways; the kept mail is personal data and goes after its time."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tests.tickets.mails import build
from tickets.inbound.services import import_message
from tickets.models import Appeal, InboundMessage, Status

pytestmark = pytest.mark.django_db
LIST_URL = "/admin/tickets/inboundmessage/"


def unmatched(text="Где мои деньги? Платёж 777.", **fields) -> InboundMessage:
    result = import_message(build(to="support@localhost", text=text, **fields))
    assert result.message.status == "unmatched"
    return result.message


def test_agents_see_unmatched_mail_with_its_reason_sender_and_text(agent_client):
    message = unmatched(subject="Вопрос про платёж")
    page = agent_client.get(LIST_URL).content.decode()
    assert "anna@example.org" in page and "Вопрос про платёж" in page
    assert "Не привязано к обращению" in page and "Где мои деньги? Платёж 777." in page
    detail = agent_client.get(f"{LIST_URL}{message.pk}/change/").content.decode()
    assert "Где мои деньги? Платёж 777." in detail


def test_content_editors_do_not_see_incoming_mail(content_editor_client):
    unmatched()
    assert content_editor_client.get(LIST_URL).status_code == 403


def test_an_agent_adds_an_unmatched_email_to_an_appeal_once(agent_client, topic):
    appeal = make_appeal(topic)
    message = unmatched()
    form = {
        "action": "add_to_appeal",
        "_selected_action": [message.pk],
        "reference": appeal.reference.lower().replace("-", " "),
    }
    response = agent_client.post(LIST_URL, form, follow=True)
    assert f"добавлено к {appeal.reference}" in response.content.decode()
    assert list(appeal.replies.values_list("body", flat=True)) == ["Где мои деньги? Платёж 777."]
    message.refresh_from_db()
    assert (message.status, message.reason, message.appeal) == ("imported", "by_staff", appeal)
    assert message.body == ""  # the text now lives in the appeal's thread only

    response = agent_client.post(LIST_URL, form, follow=True)
    assert "Это письмо уже обработано." in response.content.decode()
    assert appeal.replies.count() == 1


def test_adding_to_an_unknown_appeal_number_says_so(agent_client):
    message = unmatched()
    form = {"action": "add_to_appeal", "_selected_action": [message.pk], "reference": "SP-222"}
    response = agent_client.post(LIST_URL, form, follow=True)
    assert "Введите ниже номер существующего обращения." in response.content.decode()
    message.refresh_from_db()
    assert message.status == "unmatched"


def test_adding_to_a_closed_appeal_opens_a_follow_up_shown_in_admin(agent_client, topic):
    appeal = make_appeal(topic)
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)
    message = unmatched()
    agent_client.post(
        LIST_URL,
        {
            "action": "add_to_appeal",
            "_selected_action": [message.pk],
            "reference": appeal.reference,
        },
    )
    follow_up = Appeal.objects.get(follow_up_of=appeal)
    old = agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").content.decode()
    assert "Продолжено в" in old and follow_up.reference in old
    new = agent_client.get(f"/admin/tickets/appeal/{follow_up.pk}/change/").content.decode()
    assert "Продолжение обращения" in new and appeal.reference in new


def test_kept_mail_is_deleted_after_its_days_with_a_destruction_record(settings):
    from privacy.models import DestructionRecord

    settings.TICKETS_INBOUND_KEEP_DAYS = 30
    old, recent = unmatched(), unmatched(text="Свежее письмо")
    InboundMessage.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "deleted 1 incoming e-mails" in out.getvalue()
    assert list(InboundMessage.objects.all()) == [recent]
    record = DestructionRecord.objects.get(category="inbound")
    assert record.items_count == 1 and "TICKETS_INBOUND_KEEP_DAYS=30" in record.rule


def test_erasing_an_appeal_erases_its_incoming_mail(topic):
    from privacy.erasure import erase_locked

    appeal = make_appeal(topic)
    message = unmatched()
    InboundMessage.objects.filter(pk=message.pk).update(appeal=appeal)
    erase_locked([appeal], now=timezone.now())
    assert not InboundMessage.objects.exists()


def test_a_persons_erasure_request_takes_their_unmatched_mail_too(topic, agent):
    from privacy.subject_requests import erase_for_request

    make_appeal(topic, email="anna@example.org")
    unmatched()
    other = unmatched(sender="boris@example.net")
    erase_for_request(email="ANNA@example.org", by=agent)
    assert list(InboundMessage.objects.all()) == [other]


def test_a_kept_e_mails_text_shows_in_paragraphs_with_any_html_in_it_as_text(agent_client):
    message = unmatched(text="Первый абзац <script>alert(1)</script>\n\nВторой абзац.")
    detail = agent_client.get(f"{LIST_URL}{message.pk}/change/").content.decode()
    assert "<p>Первый абзац &lt;script&gt;alert(1)&lt;/script&gt;</p>" in detail
    assert "<p>Второй абзац.</p>" in detail
    assert "&lt;p&gt;" not in detail
