"""Page writes that do not wait for Redis's answer (core.redis_cache.set_unconfirmed): what was
written is read back, the connection stays in step with its answers, and a server that does not
take CLIENT REPLY gets ordinary writes."""

import os

import pytest
from redis.exceptions import ResponseError

from core.redis_cache import TolerantRedisCache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs Redis: runs in the PostgreSQL + Redis CI run"
)


@pytest.fixture
def redis_cache():
    cache = TolerantRedisCache(
        os.environ["REDIS_URL"], {"KEY_PREFIX": "test-unconfirmed", "TIMEOUT": 60}
    )
    yield cache
    cache.clear()


def test_written_pages_are_read_back_and_answers_stay_in_step(redis_cache):
    for n in range(50):
        redis_cache.set_unconfirmed(f"page:{n}", {"content": b"x" * n, "n": n}, timeout=30)
        # The same pooled connection answers the next command: a stray answer to the SET
        # would be read here instead of the page.
        assert redis_cache.get(f"page:{n}") == {"content": b"x" * n, "n": n}
    assert redis_cache.get_many(["page:3", "page:49"]) == {
        "page:3": {"content": b"xxx", "n": 3},
        "page:49": {"content": b"x" * 49, "n": 49},
    }
    client = redis_cache._cache.get_client(write=True)
    ttl = client.ttl(redis_cache.make_and_validate_key("page:7"))
    assert 0 < ttl <= 30


def test_a_server_without_client_reply_gets_ordinary_writes(redis_cache, monkeypatch):
    client = redis_cache._cache.get_client(write=True)
    real = client.execute_command

    def refusing(*args, **kwargs):
        if args[:1] == ("CLIENT",):
            raise ResponseError("ERR unknown command 'CLIENT'")
        return real(*args, **kwargs)

    monkeypatch.setattr(client, "execute_command", refusing)
    sent = []
    monkeypatch.setattr(
        redis_cache, "set", lambda *args, **kwargs: sent.append(args) or real("SET", "k", "v")
    )
    redis_cache.set_unconfirmed("page", {"content": b"x"}, timeout=30)
    assert sent == [("page", {"content": b"x"}, 30, None)]
    assert redis_cache._reply_skip is False
