"""Lost the link? The reference and the e-mail get it sent again, to that e-mail only."""

import pytest
from django.core.management import call_command

from tests.tickets.factories import make_appeal
from tickets.models import OutboxEmail

pytestmark = pytest.mark.django_db


def _ask(client, reference, email):
    return client.post("/appeal/find/", {"reference": reference, "email": email})


def test_the_page_answers_the_same_whether_or_not_they_match(client, topic):
    appeal = make_appeal(topic)
    match = _ask(client, appeal.reference, "anna@example.org")
    wrong_email = _ask(client, appeal.reference, "someone@example.org")
    assert match.status_code == wrong_email.status_code == 200
    assert match.content == wrong_email.content
    assert "ссылка на него уже в пути" in match.content.decode()


def test_the_link_goes_to_the_appeals_email_only_when_they_match(client, topic, mailoutbox):
    appeal = make_appeal(topic)
    OutboxEmail.objects.all().delete()
    _ask(client, appeal.reference, "someone@example.org")
    _ask(client, "SP-ZZZ-ZZZ", "anna@example.org")
    assert not OutboxEmail.objects.exists()
    _ask(client, appeal.reference.lower().replace("-", " "), "Anna@Example.org")
    call_command("send_outbox", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anna@example.org"]
    assert appeal.get_absolute_url() in mailoutbox[0].body
    assert client.get(appeal.get_absolute_url()).status_code == 200


def test_asking_again_at_once_does_not_flood_the_inbox(client, topic):
    appeal = make_appeal(topic)
    for _ in range(3):
        _ask(client, appeal.reference, "anna@example.org")
    assert OutboxEmail.objects.filter(kind="link").count() == 1


def test_a_number_that_cannot_be_a_reference_is_explained(client, db):
    body = _ask(client, "12345", "anna@example.org").content.decode()
    assert "Номер обращения выглядит так: SP-7K3-9QX" in body
    assert 'value="12345"' in body


def test_the_find_form_is_linked_from_the_appeal_form(client, topics):
    assert 'href="/appeal/find/"' in client.get("/appeal/").content.decode()
