import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.phones import format_phone, normalize_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("8 800 707-77-59", "+78007077759"),
        ("8-800-200-62-25", "+78002006225"),
        ("+7 (495) 231-36-45", "+74952313645"),
        ("89161234567", "+79161234567"),
    ],
)
def test_numbers_typed_the_usual_ways_are_stored_as_e164(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["", "12345", "not a phone", "+7 000 000-00-00"])
def test_a_number_that_is_not_a_phone_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+78007077759", "8 800 707-77-59"),
        ("+74957836900", "+7 495 783-69-00"),
        ("+442071234567", "+44 20 7123 4567"),
    ],
)
def test_numbers_are_shown_as_russian_support_pages_write_them(stored, shown):
    assert format_phone(stored) == shown


def test_an_invalid_phone_is_explained_in_russian():
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        normalize_phone("12345")
    assert "не номер телефона" in exc.value.messages[0]
