"""Every appeal e-mail can be answered: Reply-To carries the appeal's own secret address, and
Message-ID / In-Reply-To / References thread the conversation in the visitor's mail client."""

import io
import re
from email.utils import parseaddr

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tickets import services
from tickets.inbound.addresses import check_secret, find_tagged, reply_address
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def send():
    call_command("send_outbox", stdout=io.StringIO())


def test_the_confirmation_carries_the_appeals_reply_address_and_says_it_is_automatic(
    topic, mailoutbox
):
    appeal = make_appeal(topic)
    send()
    (message,) = mailoutbox
    headers = message.message()
    reply_to = parseaddr(headers["Reply-To"])[1]
    assert reply_to == reply_address(appeal.reference, appeal.link_secret)
    assert re.fullmatch(rf"support\+{appeal.reference}\.[0-9a-f]{{20}}@localhost", reply_to)
    assert appeal.link_token not in reply_to
    assert headers["Auto-Submitted"] == "auto-generated"
    stored = OutboxEmail.objects.get()
    assert headers["Message-ID"] == stored.message_id
    assert stored.message_id.endswith("@localhost>")


def test_the_reply_domain_and_mailbox_are_settings(topic, mailoutbox, settings):
    settings.TICKETS_MAIL_REPLY_LOCALPART = "help"
    settings.TICKETS_MAIL_REPLY_DOMAIN = "mail.example.org"
    appeal = make_appeal(topic)
    send()
    reply_to = parseaddr(mailoutbox[0].message()["Reply-To"])[1]
    assert reply_to.startswith(f"help+{appeal.reference}.")
    assert reply_to.endswith("@mail.example.org")


def test_supports_answer_threads_under_the_first_email_and_is_not_automatic(
    topic, agent, mailoutbox
):
    appeal = make_appeal(topic)
    services.reply_from_staff(appeal=appeal, author=agent, body="Проверяем платёж.")
    send()
    confirmation, answer = (m.message() for m in mailoutbox)
    assert answer["In-Reply-To"] == confirmation["Message-ID"]
    assert answer["References"] == confirmation["Message-ID"]
    assert answer["Auto-Submitted"] is None
    assert answer["Message-ID"] != confirmation["Message-ID"]


def test_the_link_sent_again_is_automatic_too(topic, mailoutbox):
    appeal = make_appeal(topic)
    services.link_resend(reference=appeal.reference, email=appeal.email)
    send()
    assert [m.message()["Auto-Submitted"] for m in mailoutbox] == ["auto-generated"] * 2


def test_an_erased_appeal_gets_no_reply_address(topic, mailoutbox):
    appeal = make_appeal(topic)
    Appeal.objects.filter(pk=appeal.pk).update(anonymised_at=timezone.now())
    send()
    assert mailoutbox[0].message()["Reply-To"] is None


def test_the_secret_is_checked_in_constant_time_whatever_the_case_and_survives_a_key_rotation(
    topic, settings
):
    appeal = make_appeal(topic)
    address = reply_address(appeal.reference, appeal.link_secret)
    ((reference, secret),) = find_tagged([address.upper()])
    assert reference == appeal.reference
    assert check_secret(appeal.reference, appeal.link_secret, secret)
    assert not check_secret(appeal.reference, appeal.link_secret, "0" * 20)
    assert not check_secret(appeal.reference, "another-secret", secret)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation"
    assert check_secret(appeal.reference, appeal.link_secret, secret)


def test_addresses_of_other_domains_or_mailboxes_are_not_ours(topic):
    appeal = make_appeal(topic)
    address = reply_address(appeal.reference, appeal.link_secret)
    local, _, _ = address.partition("@")
    assert find_tagged([f"{local}@elsewhere.example"]) == []
    assert find_tagged([address.replace("support+", "sales+")]) == []
