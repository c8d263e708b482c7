"""Property-based: whatever text or bytes reach a public form or query parameter, the answer is
never a server error (status < 500). Runs on SQLite and, in the PostgreSQL CI run, on
PostgreSQL, which refuses NUL and unencodable text where SQLite shrugs."""

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.public_urls import public_site

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SPECIAL = [
    "\x00", "\x1b", "\x07", "\x7f", "\x9b", "\r\n", "\u2028", "\u202e", "\u2066", "\u200f",
    "\u200d", "\ufeff", "\ufffd", "%00", "'", '"', "<", "&", "\\", "//", "😀", "ё",
]  # fmt: skip
# Text a browser can send: any character UTF-8 can encode. A lone surrogate cannot be; the test
# client itself failed to encode one ("surrogates not allowed"), so it is among the raw bytes below.
texts = st.one_of(
    st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL)), max_size=60).map(
        "".join
    ),
    # Very long values: longer than any field allows.
    st.builds(lambda piece, n: piece * n, st.sampled_from(["я", "a\x00", "\u202e"]),
              st.integers(1_000, 12_000)),
)  # fmt: skip
# Bytes as a broken client sends them: invalid UTF-8, encoded surrogates, overlong forms.
raw = st.one_of(
    st.binary(max_size=120),
    st.sampled_from([b"\xed\xa0\x80", b"\xc0\x80", b"\xff\xfe", b"\x00", b"\xf4\x90\x80\x80"]),
)


@pytest.fixture
def site(shipped_content):
    return public_site()


def _queries(site) -> list[tuple[str, str]]:
    return [
        (path, param)
        for path, params in sorted(site.get_urls.items())
        for param in (*params, "utm_source")
    ]


def test_any_text_in_any_query_parameter_of_any_public_page(site):
    queries = _queries(site)

    @FUZZ
    @given(st.sampled_from(queries), texts)
    def check(query, value):
        path, param = query
        response = Client().get(path, {param: value})
        assert response.status_code < 500, (path, param, value)

    check()


def test_any_bytes_in_the_query_string_of_any_public_page(site):
    queries = _queries(site)

    @FUZZ
    @given(st.sampled_from(queries), raw)
    def check(query, value):
        path, param = query
        response = Client().get(path, QUERY_STRING=f"{param}={quote_from_bytes(value)}")
        assert response.status_code < 500, (path, param, value)

    check()


def test_any_text_in_any_field_of_any_public_form(site):
    forms = site.forms()
    fields = [(path, name) for path, data in forms.items() for name in data]

    @FUZZ
    @given(st.sampled_from(fields), texts, st.booleans())
    def check(field, value, everywhere):
        path, name = field
        data = dict(forms[path])
        data.update(dict.fromkeys(data, value) if everywhere else {name: value})
        response = Client().post(path, data)
        assert response.status_code < 500, (path, name, value)

    check()


def test_any_bytes_as_the_body_of_any_public_form(site):
    paths = sorted(site.forms())

    @FUZZ
    @given(st.sampled_from(paths), st.sampled_from(["name", "body", "q", "helpful", "x"]), raw)
    def check(path, name, value):
        body = name.encode() + b"=" + quote_from_bytes(value).encode() + b"&" + value
        response = Client().generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (path, name, value)

    check()
