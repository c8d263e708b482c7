"""The whole way with real mail: a visitor files an appeal on the site, the confirmation reaches
an SMTP server with its reply address, the visitor answers it from a mail client (quoting it),
the answer lands in the IMAP mailbox, `fetch_mail` threads it into the appeal, once; an agent
takes it with "take the next appeal", answers with a canned reply that goes out threaded under
the visitor's message, resolves it, and the visitor rates the answer on the appeal's page."""

import io
import re
from email.utils import parseaddr

import pytest
from django.core.management import call_command

from tests.tickets.factories import admin_change_data, appeal_form_data, form_token
from tests.tickets.mails import build
from tickets.models import Appeal, CannedReply, OutboxEmail

pytestmark = pytest.mark.django_db


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_a_visitor_answers_the_confirmation_by_email_and_sees_it_on_the_appeals_page(
    client, topic, smtp_sink, mailbox, agent_client
):
    page = client.get("/appeal/")
    data = appeal_form_data(topic, form_token=form_token(page.content.decode()))
    response = client.post("/appeal/", data)
    assert response.status_code == 302
    private_url = response["Location"].removesuffix("sent/")
    appeal = Appeal.objects.get()

    assert "sent 1" in _run("send_outbox")
    (confirmation,) = smtp_sink.parsed()
    reply_to = parseaddr(str(confirmation["Reply-To"]))[1]
    assert re.fullmatch(rf"support\+{appeal.reference}\.[0-9a-f]{{20}}@localhost", reply_to)
    assert appeal.link_token not in reply_to
    assert confirmation["Auto-Submitted"] == "auto-generated"
    assert confirmation["Message-ID"] == OutboxEmail.objects.get().message_id

    # The visitor's mail client: "Reply" quotes the confirmation under an attribution line.
    quoted = "\n".join(f"> {line}" for line in confirmation.get_content().splitlines())
    answer = build(
        to=reply_to,
        subject=f"Re: {confirmation['Subject']}",
        text=(
            "Добавляю номер платежа: 98765.\n\n"
            f"On Sat, 28 Nov 2026 at 10:00, Spravka <noreply@localhost> wrote:\n{quoted}\n"
        ),
        headers={"In-Reply-To": confirmation["Message-ID"]},
        message_id="<answer-1@mail.example.org>",
    )
    mailbox.append(answer)
    assert "imported 1" in _run("fetch_mail")
    # A second fetcher run (or the same message delivered again) changes nothing.
    mailbox.append(answer)
    _run("fetch_mail")

    page = client.get(private_url).content.decode()
    assert page.count("Добавляю номер платежа: 98765.") == 1
    # The quoted confirmation stayed out of the thread.
    assert "Мы получили ваше обращение" in confirmation.get_content()
    assert "Мы получили ваше обращение" not in page
    assert appeal.replies.count() == 1

    # An agent takes the next appeal: this one, now theirs.
    taken = agent_client.post("/admin/tickets/appeal/take-next/")
    change_url = f"/admin/tickets/appeal/{appeal.pk}/change/"
    assert taken.status_code == 302 and taken.url == change_url
    appeal.refresh_from_db()
    assert appeal.assignee.get_username() == "agent"

    # ...inserts a canned reply (the no-script "Insert" button), edits it and sends it.
    found = CannedReply.objects.create(
        title_ru="Платёж найден",
        body_ru="Здравствуйте, {name}! По обращению {reference} платёж найден и зачислен.",
    )
    form = admin_change_data(agent_client.get(change_url).content.decode())
    form.pop("_save", None)
    inserted = agent_client.post(
        change_url, {**form, "canned_reply": str(found.pk), "_canned_insert": "1"}
    ).content.decode()
    box = re.search(r'<textarea name="replies-2-0-body"[^>]*>(.*?)</textarea>', inserted, re.S)
    text = box.group(1).strip()
    assert (
        text
        == f"Здравствуйте, Анна Петрова! По обращению {appeal.reference} платёж найден и зачислен."
    )
    form = admin_change_data(inserted)
    form["replies-2-0-body"] = text + " Номер операции 98765."
    form["status"] = "resolved"
    assert agent_client.post(change_url, form).status_code == 302
    _run("send_outbox")
    staff_reply = next(m for m in smtp_sink.parsed() if "98765." in m.get_content())
    assert "платёж найден и зачислен" in staff_reply.get_content()
    # Threaded under the visitor's message, and answerable like every e-mail about it.
    assert staff_reply["In-Reply-To"] == "<answer-1@mail.example.org>"
    assert confirmation["Message-ID"] in staff_reply["References"]
    assert staff_reply["Auto-Submitted"] is None
    assert parseaddr(str(staff_reply["Reply-To"]))[1] == reply_to

    # Resolved: the visitor is asked "did we solve it?" and answers on the appeal's page.
    page = client.get(private_url).content.decode()
    assert "платёж найден и зачислен" in page
    rated = client.post(
        private_url + "rate/",
        {"score": "5", "comment": "Спасибо!"},
        headers={"Origin": "http://testserver"},
        follow=True,
    )
    assert rated.status_code == 200
    appeal.refresh_from_db()
    assert (appeal.status, appeal.rating.score) == ("resolved", 5)
