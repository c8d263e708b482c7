"""Phone numbers: one normaliser and one display format for the whole site.

Stored form is E.164 (`+78007077759`); the display form is how Russian support pages write
numbers: toll-free `8 800 707-77-59`, others `+7 495 783-69-00`. phonenumbers' own national
format ("8 (800) 707-77-59") is not what the seed shows, hence the small formatter.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "RU"


def normalize_phone(raw: str, region: str = DEFAULT_REGION) -> str:
    """The E.164 form of a phone number typed in any usual way; ValidationError if invalid."""
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number."),
            code="invalid_phone",
            params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """`+78007077759` -> `8 800 707-77-59`; `+74957836900` -> `+7 495 783-69-00`."""
    digits = e164.lstrip("+")
    if len(digits) == 11 and digits.startswith("7"):
        code, a, b, c = digits[1:4], digits[4:7], digits[7:9], digits[9:11]
        prefix = "8" if code == "800" else "+7"
        return f"{prefix} {code} {a}-{b}-{c}"
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_search_digits(term: str) -> str | None:
    """The digits to look for in stored E.164 numbers when staff search for a phone typed any
    usual way ("8 800 707-77" finds +78007077759: a leading 8 is Russia's trunk prefix, read
    as +7); None when the search term is not a phone number or part of one."""
    if not term or re.search(r"[^\d\s\-+()]", term):
        return None
    digits = re.sub(r"\D", "", term)
    if len(digits) < 3:
        return None
    if digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


class PhoneSearchMixin:
    """For a ModelAdmin: its search also finds phone numbers typed any usual way in the fields
    named in `phone_search_fields` (stored as E.164)."""

    phone_search_fields: tuple[str, ...] = ("phone",)

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        digits = phone_search_digits(search_term)
        if digits:
            matches = Q()
            for field in self.phone_search_fields:
                matches |= Q(**{f"{field}__contains": digits})
            results = results | queryset.filter(matches)
        return results, may_have_duplicates
