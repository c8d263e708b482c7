"""Django's 500 e-mail to ADMINS (and the debug page) keeps no card number and no private link's
secret from the address: the report is of a redacted copy of the request (core.redaction)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import path

CARD = "4276 3800 1234 5679"  # passes the Luhn check
SECRET = "Secret0link0token0abcdefghijklmn"


def boom(request, **kwargs):
    raise RuntimeError("a bug")


# This module is the URLconf of its tests (pytest.mark.urls): two views that fail.
urlpatterns = [
    path("appeal/<str:reference>/<str:token>/", boom),
    path("help/search/", boom),
]

pytestmark = [pytest.mark.urls("tests.core.test_error_reports"), pytest.mark.django_db]


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("Admin", "admin@example.org")]
    settings.DEBUG = False


def _report(url, **headers) -> str:
    mail.outbox.clear()
    response = Client(raise_request_exception=False).get(url, headers=headers)
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    return message.subject + "\n" + message.body


def test_a_private_links_secret_is_hidden_in_the_500_email(admins):
    report = _report(
        f"/appeal/SP-ABC-DEF/{SECRET}/",
        referer=f"https://help.example.org/appeal/SP-ABC-DEF/{SECRET}/sent/",
    )
    assert SECRET not in report
    assert "/appeal/SP-ABC-DEF/[hidden]/" in report  # the subject, the URL, PATH_INFO
    assert "https://help.example.org/appeal/SP-ABC-DEF/[hidden]/sent/" in report  # Referer
    assert "RuntimeError" in report and "a bug" in report  # still a useful report


def test_a_card_number_in_a_search_is_masked_in_the_500_email(admins):
    report = _report("/help/search/?q=" + f"не прошла оплата {CARD}".replace(" ", "+"))
    for secret in ("3800", "4276+3800", "4276%203800"):
        assert secret not in report
    assert "не прошла оплата 4276 38•• •••• 5679" in report  # GET, QUERY_STRING
    assert "/help/search/?q=" in report


def test_an_address_with_nothing_to_hide_is_reported_as_it_was(admins):
    report = _report("/help/search/?q=%D0%BF%D0%BB%D0%B0%D1%82%D1%91%D0%B6+%2B7")
    assert "q=%D0%BF%D0%BB%D0%B0%D1%82%D1%91%D0%B6+%2B7" in report
