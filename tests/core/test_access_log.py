"""What an access log line keeps of an address (core.access_log): the path and the parameters'
names, not the values, a private link's secret or a card number."""

import datetime
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from core.access_log import RedactedAccessLogger, redacted_path, redacted_query, redacted_url


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/help/payments/", "/help/payments/"),
        ("/appeal/SP-ABC-DEF/s3cretT0ken/", "/appeal/SP-ABC-DEF/[hidden]/"),
        ("/en/appeal/SP-ABC-DEF/s3cretT0ken/rate/", "/en/appeal/SP-ABC-DEF/[hidden]/rate/"),
        ("/appeal/SP-ABC-DEF/s3cretT0ken/files/7/", "/appeal/SP-ABC-DEF/[hidden]/files/7/"),
        ("/appeal/", "/appeal/"),
        ("/appeal/find/", "/appeal/find/"),
        # A number that is not a card (fails the Luhn check: a phone, a wallet) stays.
        ("/help/79161234567/", "/help/79161234567/"),
    ],
)
def test_paths(path, logged):
    assert redacted_path(path) == logged


def test_a_card_number_in_a_path_is_masked_even_percent_encoded():
    masked = redacted_path("/help/4276%203800%201234%205679/")
    assert "3800" not in masked and "1234" not in masked
    assert masked.startswith("/help/4276%2038") and masked.endswith("5679/")


def test_what_a_path_decodes_to_cannot_split_a_line():
    # A masked path is written back percent-encoded: a decoded newline would forge a line.
    masked = redacted_path("/help/%0Afake%20line%0D4276380012345679/")
    assert "\n" not in masked and "\r" not in masked
    assert "%0A" in masked


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        ("", ""),
        ("q=4276+3800+1234+5679", "q=[hidden]"),
        ("q=a&page=2&topic=payments", "q=[hidden]&page=[hidden]&topic=[hidden]"),
        ("q", "q=[hidden]"),
        ("%D0%B8%D0%B2%D0%B0%D0%BD=1", "[hidden]=[hidden]"),
        ("4276380012345679=", "[hidden]=[hidden]"),
        ("&&q=1&&", "q=[hidden]"),
    ],
)
def test_queries(query, logged):
    assert redacted_query(query) == logged


def test_referrers():
    assert redacted_url("-") == "-"
    assert redacted_url("") == ""
    assert (
        redacted_url("https://help.example.org/appeal/SP-ABC-DEF/tok/?x=1#top")
        == "https://help.example.org/appeal/SP-ABC-DEF/[hidden]/?x=[hidden]"
    )
    assert redacted_url("/help/search/?q=смс") == "/help/search/?q=[hidden]"


def test_every_atom_that_shows_the_address_is_redacted():
    logger = RedactedAccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/appeal/SP-ABC-DEF/tok/?q=4276380012345679",
        "PATH_INFO": "/appeal/SP-ABC-DEF/tok/",
        "QUERY_STRING": "q=4276380012345679",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://help.example.org/help/search/?q=card",
        "REMOTE_ADDR": "127.0.0.1",
    }
    request = SimpleNamespace(headers=[("REFERER", "https://help.example.org/help/search/?q=card")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=5))
    assert atoms["r"] == "GET /appeal/SP-ABC-DEF/[hidden]/?q=[hidden] HTTP/1.1"
    assert atoms["U"] == "/appeal/SP-ABC-DEF/[hidden]/"
    assert atoms["q"] == "q=[hidden]"
    assert atoms["f"] == atoms["{referer}i"] == "https://help.example.org/help/search/?q=[hidden]"
    assert atoms["s"] == "200"


def test_djangos_request_log_hides_a_private_links_secret():
    """ "Not Found: /appeal/<reference>/<secret>/sent/" (django.request, through the settings'
    console handler): the reference stays, the secret does not."""
    import logging

    from core.redaction import CardMaskingFilter

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s",
        ("/en/appeal/SP-ABC-DEF/s3cret_T0ken-x/sent/",), None,
    )  # fmt: skip
    assert CardMaskingFilter().filter(record)
    assert record.getMessage() == "Not Found: /en/appeal/SP-ABC-DEF/[hidden]/sent/"
    prose = logging.LogRecord("x", logging.INFO, __file__, 1, "/appeal/ and /help/", (), None)
    CardMaskingFilter().filter(prose)
    assert prose.getMessage() == "/appeal/ and /help/"
