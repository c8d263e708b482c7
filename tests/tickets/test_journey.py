"""The whole journey: a visitor files an appeal, gets the confirmation, follows the private
link, replies; support answers in admin; the visitor sees the answer and gets it by e-mail."""

import re

import pytest
from django.core.management import call_command

from tests.tickets.factories import (
    admin_change_data,
    appeal_form_data,
    form_token,
    png_bytes,
    upload,
)
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def _send_outbox():
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_visitor_files_an_appeal_and_reads_supports_answer(
    client, topic, agent_client, mailoutbox, settings
):
    # The form, with its one-time token.
    page = client.get("/appeal/")
    assert page.status_code == 200
    data = appeal_form_data(topic, form_token=form_token(page.content.decode()))
    data["files"] = [upload("screen.png", png_bytes(), "image/png")]

    # Sending it: a reference number and a private link.
    response = client.post("/appeal/", data)
    assert response.status_code == 302
    sent_url = response["Location"]
    assert re.fullmatch(r"/appeal/SP-[2-9A-Z]{3}-[2-9A-Z]{3}/[\w-]+/sent/", sent_url)
    appeal = Appeal.objects.get()
    sent = client.get(sent_url).content.decode()
    assert appeal.reference in sent
    private_url = sent_url.removesuffix("sent/")
    assert f"{settings.SITE_URL}{private_url}" in sent

    # The confirmation waits in the outbox until `send_outbox` sends it.
    assert OutboxEmail.objects.get().state == "pending"
    _send_outbox()
    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == ["anna@example.org"]
    assert appeal.reference in confirmation.subject
    assert private_url in confirmation.body

    # The private page: status, expected answer, the description and the file.
    page = client.get(private_url).content.decode()
    assert "Новое" in page
    assert "Ожидаемый ответ" in page
    assert "деньги списались" in page
    file_url = re.search(r'href="(/appeal/[^"]+/files/\d+/)"', page).group(1)
    download = client.get(file_url)
    assert b"".join(download.streaming_content) == png_bytes()

    # The visitor adds a line.
    token = form_token(page)
    response = client.post(private_url, {"body": "Номер платежа 123456.", "form_token": token})
    assert response.status_code == 302
    assert "Номер платежа 123456." in client.get(private_url).content.decode()

    # Support answers in admin; the answer is e-mailed.
    change_url = f"/admin/tickets/appeal/{appeal.pk}/change/"
    admin_page = agent_client.get(change_url)
    assert admin_page.status_code == 200
    assert "Номер платежа 123456." in admin_page.content.decode()
    data = admin_change_data(admin_page.content.decode())
    data["replies-2-0-body"] = "Платёж найден и зачислен. Проверьте баланс."
    response = agent_client.post(change_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    _send_outbox()
    assert len(mailoutbox) == 2
    answer = mailoutbox[1]
    assert "Платёж найден и зачислен" in answer.body
    assert private_url in answer.body
    assert appeal.reference in answer.subject

    # The visitor sees the answer, and that support waits for them.
    page = client.get(private_url).content.decode()
    assert "Платёж найден и зачислен. Проверьте баланс." in page
    assert "Поддержка ответила" in page
    assert "Ждём вашего ответа" in page

    # Their answer sends the appeal back to support.
    client.post(private_url, {"body": "Спасибо, всё пришло.", "form_token": form_token(page)})
    appeal.refresh_from_db()
    assert appeal.status == "in_progress"
    assert "В работе" in client.get(private_url).content.decode()
