"""Oversized bodies are refused unread; submissions are counted before their files are checked."""

import pytest
from django.http.multipartparser import MultiPartParser
from django.test import Client

from tests.tickets.factories import appeal_form_data, upload
from tickets import uploads

pytestmark = pytest.mark.django_db

BOUNDARY = "XyZzy"


@pytest.fixture
def small_caps(settings):
    settings.TICKETS_MAX_FILES = 2
    settings.TICKETS_MAX_FILE_SIZE = 10_000
    settings.REQUEST_FORM_MARGIN = 5_000
    settings.REQUEST_MAX_BODY_SIZE = 4_000
    return 2 * 10_000 + 5_000


@pytest.fixture
def parser_calls(monkeypatch):
    calls = []
    original = MultiPartParser.parse

    def spy(self):
        calls.append(self)
        return original(self)

    monkeypatch.setattr(MultiPartParser, "parse", spy)
    return calls


def _multipart(size: int) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head + b"\x89PNG" + b"0" * (size - len(head) - len(tail) - 4) + tail


def _post(client, path, size):
    return client.generic(
        "POST", path, _multipart(size), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def test_an_appeal_body_over_the_cap_gets_the_forms_own_message_unread(
    client, topic, small_caps, parser_calls
):
    response = _post(client, "/appeal/", small_caps + 1)
    body = response.content.decode()
    assert response.status_code == 413
    assert "файлы слишком большие" in body
    assert "24,4" in body or "24.4" in body  # "at most 24.4 KB", the appeal's own cap
    assert 'name="subject"' in body  # the form itself, to fill in again
    assert parser_calls == []


def test_the_english_appeal_form_says_it_in_english(client, topic, small_caps):
    body = _post(client, "/en/appeal/", small_caps + 1).content.decode()
    assert "the files are too large in total" in body


def test_a_body_within_the_cap_is_read_as_usual(client, topic, small_caps, parser_calls):
    response = _post(client, "/appeal/", small_caps - 10)
    assert response.status_code == 200
    assert parser_calls


def test_any_other_address_refuses_a_body_over_the_global_cap(client, small_caps, parser_calls):
    response = _post(client, "/appeal/find/", 4_001)
    assert response.status_code == 413
    assert "Отправлено слишком много данных" in response.content.decode()
    assert parser_calls == []


def test_failing_submissions_count_toward_the_limit_before_images_are_decoded(
    topic, settings, monkeypatch
):
    settings.TICKETS_SUBMIT_LIMIT = 10
    decoded = []
    original = uploads._image_type

    def spy(upload_file):
        decoded.append(upload_file.name)
        return original(upload_file)

    monkeypatch.setattr(uploads, "_image_type", spy)
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = []
    for n in range(11):
        data = appeal_form_data(topic, files=upload(f"bad{n}.png", b"\x89PNG not really"))
        statuses.append(client.post("/appeal/", data).status_code)
    assert statuses == [200] * 10 + [429]
    assert len(decoded) == 10  # the eleventh picture was never looked at
