"""While typing, the appeal form warns that a card number, an SMS code or a password does not
belong in an appeal; long phone or payment numbers raise no warning."""

import pytest

from tickets import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def topics(transactional_db):
    content.load()


def test_typing_a_card_number_shows_a_warning_under_the_field(live_server, page, topics):
    page.goto(live_server.url + "/appeal/")
    description = page.get_by_label("Опишите проблему")
    description.press_sequentially("Списали с карты 4276 3800 0001 1234")
    warning = page.locator("#id_description_secret")
    assert "номер карты" in warning.inner_text()
    assert warning.get_attribute("aria-live") == "polite"
    description.fill("Платёж 1234567812345678, телефон +7 912 345-67-89")
    description.dispatch_event("input")
    assert warning.inner_text() == ""


def test_typing_an_sms_code_warns_never_to_send_it(live_server, page, topics):
    page.goto(live_server.url + "/appeal/")
    page.get_by_label("Опишите проблему").press_sequentially("Пришёл код из смс 4821")
    assert "код из СМС" in page.locator("#id_description_secret").inner_text()


def test_the_form_says_not_to_photograph_the_front_of_a_card(live_server, page, topics):
    page.goto(live_server.url + "/appeal/")
    assert page.get_by_text("Не фотографируйте лицевую сторону банковской карты").is_visible()
