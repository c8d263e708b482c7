"""Card numbers found by length and the Luhn check, masked to the first 6 and last 4 digits;
phone, wallet and payment numbers left exactly as written."""

import pytest

from core.cards import luhn_valid, mask, mask_cards, without_masked_cards

# Luhn-valid numbers of the schemes visitors of a Russian payment service hold.
VISA = "4276380000011234"  # Sberbank Visa range
MIR = "2200700000026780"
MASTERCARD = "5469380000095678"


def test_the_test_cards_pass_the_luhn_check_and_a_typo_does_not():
    assert all(luhn_valid(n) for n in (VISA, MIR, MASTERCARD, "4111111111111111"))
    assert not luhn_valid("4276380000011235")


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("4276380000011234", "427638••••••1234"),
        ("4276 3800 0001 1234", "4276 38•• •••• 1234"),
        ("4276-3800-0001-1234", "4276-38••-••••-1234"),
        ("2200 7000 0002 6780", "2200 70•• •••• 6780"),
        ("5469380000095678", "546938••••••5678"),
        ("4276\u00a03800\u00a00001\u00a01234", "4276\u00a038••\u00a0••••\u00a01234"),
    ],
)
def test_a_card_number_keeps_its_first_six_last_four_and_separators(written, kept):
    result = mask_cards(written)
    assert result.found
    assert result.text == kept


def test_a_card_in_russian_text_is_masked_and_the_rest_is_untouched():
    text = "Здравствуйте! Списали 2500 ₽ с карты 4276 3800 0001 1234, а платёж не прошёл."
    result = mask_cards(text)
    assert result.text == (
        "Здравствуйте! Списали 2500 ₽ с карты 4276 38•• •••• 1234, а платёж не прошёл."
    )


def test_an_amount_right_after_the_card_does_not_hide_it():
    assert mask_cards("карта 4276 3800 0001 1234 2500 руб").text == (
        "карта 4276 38•• •••• 1234 2500 руб"
    )


def test_a_card_glued_to_a_word_is_still_masked():
    assert mask_cards("карта4276380000011234").text == "карта427638••••••1234"


def test_two_cards_in_one_text_are_both_masked():
    text = f"{VISA} и {MIR}"
    assert mask_cards(text).text == "427638••••••1234 и 220070••••••6780"


@pytest.mark.parametrize(
    "text",
    [
        "+7 912 345-67-89",
        "79123456789",
        "кошелёк +79123456789, телефон 8 (912) 345-67-89",
        "Номер платежа 1234567812345678",  # 16 digits, fails the Luhn check
        "ID транзакции 4276380000011235",
        "4276 3800 0001 1235",
        "ИНН 7707083893, счёт 40817810099910004312",
        "1234",
    ],
)
def test_numbers_that_fail_the_luhn_check_are_left_alone(text):
    result = mask_cards(text)
    assert not result.found
    assert result.text == text


def test_empty_text_is_empty():
    assert mask_cards("").text == ""


def test_a_long_run_of_spaced_digits_is_handled_span_by_span():
    # 2,500 one-digit groups: spans stop at 19 digits, so cards inside are still found.
    text = " ".join("4276380000011234") + " 0" * 2000
    result = mask_cards(text)
    assert result.found
    assert result.text.startswith("4 2 7 6 3 8 • •")
    assert " ".join("4276380000011234") not in result.text


def test_without_masked_cards_leaves_the_other_words():
    masked = mask("платёж 4276 3800 1234 5679 не прошёл, карта4276-3800-1234-5679")
    assert without_masked_cards(masked).split() == ["платёж", "не", "прошёл,", "карта"]
    assert without_masked_cards("телефон 79161234567") == "телефон 79161234567"
