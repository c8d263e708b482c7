import json

import pytest

from tickets import content as tickets_content


def beacon(client, payload, *, site="same-origin", **extra):
    """A POST as insights.js sends it (sendBeacon / fetch with a text/plain body)."""
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    headers = {"HTTP_SEC_FETCH_SITE": site} if site else {}
    return client.post("/insights/beacon", data=body, content_type="text/plain", **headers, **extra)


def search(client, q, *, n=1, src="header", lang="ru", prev=None, **extra):
    payload = {"e": "search", "q": q, "n": n, "src": src, "lang": lang, "prev": prev}
    return beacon(client, payload, **extra)


@pytest.fixture
def topic(db):
    tickets_content.load()
    from tickets.models import Topic

    return Topic.objects.get(slug="payments")
