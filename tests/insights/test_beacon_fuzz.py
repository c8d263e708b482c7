"""Property-based: whatever a client posts to the search beacon, the answer is never a server
error, on SQLite and on PostgreSQL (which refuses NUL where SQLite shrugs)."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.test_fuzz import SPECIAL, raw
from tests.insights.conftest import beacon

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=40).map("".join)
value = st.one_of(
    text, st.integers(-(2**70), 2**70), st.booleans(), st.none(), st.floats(), st.lists(text)
)
event = st.fixed_dictionaries(
    {
        "e": st.sampled_from(["search", "open", "x"]),
        "q": value,
        "n": value,
        "src": st.one_of(st.sampled_from(["header", "help", "appeal", "other"]), value),
        "lang": st.one_of(st.sampled_from(["ru", "en"]), value),
        "prev": value,
        "record": value,
        "path": st.one_of(st.just("/help/a/b/"), value),
    }
)


def test_any_event_is_answered_without_a_server_error():
    @FUZZ
    @given(event)
    def check(payload):
        assert beacon(Client(), json.dumps(payload)).status_code < 500, payload

    check()


def test_any_bytes_are_answered_without_a_server_error():
    @FUZZ
    @given(raw)
    def check(body):
        assert beacon(Client(), body).status_code < 500, body

    check()
