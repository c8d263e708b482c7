"""Article addresses are built from a kept prefix (a search page prints 20): they must be exactly
the addresses reverse() gives, in each language and under a script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from faq.models import article_url


@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_address_is_the_one_reverse_gives(language):
    with translation.override(language):
        expected = reverse("faq:article", args=["payments", "card-declined_2"])
        assert article_url("payments", "card-declined_2") == expected
    assert expected.endswith("/help/payments/card-declined_2/")
    assert expected.startswith("/en/" if language == "en" else "/help/")


def test_an_address_under_a_script_prefix_keeps_it():
    set_script_prefix("/support/")
    try:
        assert article_url("payments", "declined") == "/support/help/payments/declined/"
    finally:
        set_script_prefix("/")
    assert article_url("payments", "declined") == "/help/payments/declined/"


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    # Never valid in the admin, but data can come from elsewhere (an import, an update()): no
    # made-up address, the same error as before.
    with pytest.raises(NoReverseMatch):
        article_url("платежи", "a b")
