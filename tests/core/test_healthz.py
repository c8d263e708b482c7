"""/healthz answers JSON naming the dependency that failed; visitors get a friendly 503 page
when the database is down, never the generic error page."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.utils import timezone

from tests.servers import free_port
from tickets.models import OutboxEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    monkeypatch.setattr(connections["default"], "cursor", refuse)


def test_all_well_is_200_with_every_check_and_the_outbox_age(client):
    written = OutboxEmail.objects.create(kind="confirmation", to="a@example.org", subject="s")
    OutboxEmail.objects.filter(pk=written.pk).update(
        created_at=timezone.now() - timedelta(minutes=7)
    )
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert 420 <= body["checks"]["outbox"]["oldest_pending_seconds"] < 480


def test_with_nothing_waiting_the_outbox_age_is_null(client):
    assert client.get("/healthz").json()["checks"]["outbox"] == {"oldest_pending_seconds": None}


def test_database_down_is_a_503_in_json_naming_the_database(database_down):
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "error"
    assert body["checks"]["cache"] == "ok"


def test_cache_down_is_a_503_naming_the_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "error",
        "outbox": {"oldest_pending_seconds": None},
    }


def test_a_public_page_with_the_database_down_is_a_friendly_503_in_russian(database_down, settings):
    settings.SUPPORT_HOTLINE_DISPLAY = "8 800 000-00-01"
    response = Client(raise_request_exception=False).get("/contacts/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "Сайт временно недоступен" in page
    assert "8 800 000-00-01" in page


def test_the_english_site_says_it_in_english(database_down):
    page = Client(raise_request_exception=False).get("/en/help/").content.decode()
    assert "The site is temporarily unavailable" in page
