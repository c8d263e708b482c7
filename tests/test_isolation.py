"""Tests do not leak the page language into each other (tests/conftest.py, _default_language).
The two tests run in this order: the first leaves an English request behind it."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language


@pytest.mark.django_db
def test_a_request_to_an_english_page(client):
    assert client.get("/en/contacts/").status_code == 200
    assert get_language() == "en"  # what the next test must not inherit


def test_the_next_test_starts_in_the_default_language():
    assert get_language() == settings.LANGUAGE_CODE
    assert reverse("contacts:index") == "/contacts/"
