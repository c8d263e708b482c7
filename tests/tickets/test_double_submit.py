"""A second click on "send" finds the first appeal instead of making another."""

import pytest

from tests.tickets.factories import appeal_form_data, form_token, make_appeal
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def test_sending_the_same_form_twice_makes_one_appeal(client, topic):
    token = form_token(client.get("/appeal/").content.decode())
    data = appeal_form_data(topic, form_token=token)
    first = client.post("/appeal/", data)
    second = client.post("/appeal/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appeal.objects.count() == 1
    assert OutboxEmail.objects.count() == 1


def test_each_new_form_gets_its_own_token(client, topic):
    first = form_token(client.get("/appeal/").content.decode())
    second = form_token(client.get("/appeal/").content.decode())
    assert first != second


def test_two_forms_make_two_appeals(client, topic):
    for _ in range(2):
        token = form_token(client.get("/appeal/").content.decode())
        client.post("/appeal/", appeal_form_data(topic, form_token=token))
    assert Appeal.objects.count() == 2


def test_a_form_whose_token_was_tampered_with_still_works(client, topic):
    response = client.post("/appeal/", appeal_form_data(topic, form_token="<script>"))
    assert response.status_code == 302
    assert Appeal.objects.get().idempotency_key is None


def test_a_reply_sent_twice_is_added_once(client, topic):
    appeal = make_appeal(topic)
    token = form_token(client.get(appeal.get_absolute_url()).content.decode())
    for _ in range(2):
        client.post(appeal.get_absolute_url(), {"body": "Дополнение", "form_token": token})
    assert appeal.replies.count() == 1
