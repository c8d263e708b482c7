import pytest
from django.test import RequestFactory

from core.ratelimit import client_ip
from tests.tickets.factories import appeal_form_data, make_appeal
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_per_window(settings):
    settings.TICKETS_SUBMIT_LIMIT = 2
    settings.TICKETS_FIND_LIMIT = 2


def test_too_many_appeals_from_one_address_get_a_clear_429(client, topic, two_per_window):
    for _ in range(2):
        assert client.post("/appeal/", appeal_form_data(topic)).status_code == 302
    response = client.post("/appeal/", appeal_form_data(topic, subject="Третье обращение"))
    body = response.content.decode()
    assert response.status_code == 429
    assert "Слишком много обращений с вашего адреса" in body
    assert 'value="Третье обращение"' in body
    assert Appeal.objects.count() == 2


def test_the_limit_is_in_english_on_the_english_site(client, topic, two_per_window):
    for _ in range(2):
        client.post("/en/appeal/", appeal_form_data(topic))
    body = client.post("/en/appeal/", appeal_form_data(topic)).content.decode()
    assert "Too many appeals from your address" in body


def test_forms_with_mistakes_count_toward_the_limit_too(client, topic, two_per_window):
    # Checking a form (decoding its pictures) is the expensive part: it is counted first.
    for _ in range(2):
        assert client.post("/appeal/", appeal_form_data(topic, email="wrong")).status_code == 200
    assert client.post("/appeal/", appeal_form_data(topic)).status_code == 429


def test_another_address_is_counted_separately(client, topic, two_per_window):
    for _ in range(2):
        client.post("/appeal/", appeal_form_data(topic))
    response = client.post("/appeal/", appeal_form_data(topic), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, topic, two_per_window):
    for n in range(2):
        client.post("/appeal/", appeal_form_data(topic), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post("/appeal/", appeal_form_data(topic), HTTP_X_FORWARDED_FOR="10.0.0.9")
    assert response.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    client, topic, two_per_window, settings
):
    settings.TICKETS_TRUSTED_PROXY_COUNT = 1
    for _ in range(2):
        client.post("/appeal/", appeal_form_data(topic), HTTP_X_FORWARDED_FOR="203.0.113.5")
    response = client.post("/appeal/", appeal_form_data(topic), HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (1, "", "127.0.0.1"),
        (1, "not-an-ip", "127.0.0.1"),
    ],
)
def test_the_client_address_trusts_only_our_own_proxies(settings, proxies, forwarded, expected):
    settings.TICKETS_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


def test_the_find_page_is_rate_limited_too(client, topic, two_per_window):
    appeal = make_appeal(topic)
    data = {"reference": appeal.reference, "email": "anna@example.org"}
    for _ in range(2):
        assert client.post("/appeal/find/", data).status_code == 200
    response = client.post("/appeal/find/", data)
    assert response.status_code == 429
    assert "Слишком много попыток" in response.content.decode()
    assert OutboxEmail.objects.filter(kind="link").count() == 1
