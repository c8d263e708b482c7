"""Filing an appeal does not depend on Redis: a Redis that is gone or hangs is a cache miss, the
rate limits are counted in the database meanwhile, and a warning is logged."""

import logging
import os
import subprocess
import sys

import pytest

from tests.servers import SilentServer, free_port
from tests.tickets.factories import appeal_form_data, make_appeal
from tickets.models import Appeal, Reply

pytestmark = pytest.mark.django_db


def _redis_cache(settings, port):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3},
        }
    }


@pytest.fixture(params=["nothing listens", "accepts and never answers"])
def broken_redis(request, settings):
    if request.param == "nothing listens":
        _redis_cache(settings, free_port())
        yield
    else:
        with SilentServer() as server:
            _redis_cache(settings, server.port)
            yield


def test_an_appeal_is_saved_and_the_visitor_sees_the_sent_page(client, topic, broken_redis, caplog):
    with caplog.at_level(logging.WARNING):
        response = client.post("/appeal/", appeal_form_data(topic), follow=True)
    assert response.status_code == 200
    assert "Обращение отправлено" in response.content.decode()
    assert Appeal.objects.count() == 1
    assert any("Cache (Redis) unavailable" in r.getMessage() for r in caplog.records)


def test_a_reply_and_find_my_appeal_work_too(client, topic, broken_redis):
    appeal = make_appeal(topic)
    response = client.post(appeal.get_absolute_url(), {"body": "Ещё одна подробность"})
    assert response.status_code == 302
    assert Reply.objects.filter(appeal=appeal).count() == 1
    response = client.post(
        "/appeal/find/", {"reference": appeal.reference, "email": "anna@example.org"}
    )
    assert response.status_code == 200
    assert "ссылка на него уже в пути" in response.content.decode()


def test_limits_still_hold_while_redis_is_down(client, topic, broken_redis, settings):
    settings.TICKETS_SUBMIT_LIMIT = 2
    for _ in range(2):
        assert client.post("/appeal/", appeal_form_data(topic)).status_code == 302
    assert client.post("/appeal/", appeal_form_data(topic)).status_code == 429


def test_production_settings_give_redis_a_short_timeout():
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/9"}
    code = "from helpcenter import settings as s; print(s.CACHES['default'])"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "core.redis_cache.TolerantRedisCache" in out
    assert "'socket_timeout': 0.3" in out
    assert "'socket_connect_timeout': 0.3" in out
