"""tickets.signals.appeal_filed: how apps above tickets (the search log) learn of a new appeal."""

import pytest

from tests.tickets.factories import appeal_form_data, form_token
from tickets.models import Appeal
from tickets.signals import appeal_filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    calls = []

    def listener(sender, appeal, request, **kwargs):
        calls.append((appeal, request.POST.get("extra")))

    appeal_filed.connect(listener, dispatch_uid="test-listener")
    yield calls
    appeal_filed.disconnect(dispatch_uid="test-listener")


def test_a_new_appeal_is_announced_once_even_when_the_form_is_sent_twice(client, topic, heard):
    token = form_token(client.get("/appeal/").content.decode())
    data = appeal_form_data(topic, form_token=token, extra="from the page")
    assert client.post("/appeal/", data).status_code == 302
    assert client.post("/appeal/", data).status_code == 302  # the same appeal shown again
    assert heard == [(Appeal.objects.get(), "from the page")]


def test_a_refused_form_announces_nothing(client, topic, heard):
    client.post("/appeal/", appeal_form_data(topic, consent=None))
    assert heard == []


def test_a_failing_listener_never_costs_the_visitor_their_appeal(client, topic):
    def broken(sender, **kwargs):
        raise RuntimeError("listener down")

    appeal_filed.connect(broken, dispatch_uid="test-broken")
    try:
        assert client.post("/appeal/", appeal_form_data(topic)).status_code == 302
    finally:
        appeal_filed.disconnect(dispatch_uid="test-broken")
    assert Appeal.objects.count() == 1
