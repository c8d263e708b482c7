"""Phone and wallet numbers as typed by visitors and staff, normalised so they can be matched.

Phones go through core.phones (E.164). A wallet number is usually the phone number the wallet
is registered to, so a wallet that reads as a phone is stored as that phone's E.164 form and
matches the same Priority entry whichever field the visitor put it in; any other wallet number is
kept as its letters and digits, upper-cased.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField
from core.phones import normalize_phone

# How visitors (and staff on the Priority list) are told to type a number the field cannot read.
PHONE_HOW_TO_TYPE = _("Enter a phone number such as +7 912 345-67-89.")
# The phone fields of appeals and the Priority list; clean_phone reads a number the same way.
PHONE_FIELD_OPTIONS = {"blank": True, "error_messages": {"invalid_phone": PHONE_HOW_TO_TYPE}}
_PHONE = PhoneNumberField(**PHONE_FIELD_OPTIONS)

_WALLET_SEPARATORS = re.compile(r"[\s\-().]")
_WALLET_RE = re.compile(r"^\+?[0-9A-Z]{6,32}$")


def clean_phone(raw: str) -> str:
    """E.164, or '' if nothing was typed; ValidationError in the visitor's language if invalid."""
    return _PHONE.to_python((raw or "").strip())


def clean_wallet(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        return normalize_phone(raw)
    except ValidationError:
        pass
    compact = _WALLET_SEPARATORS.sub("", raw).upper()
    if not _WALLET_RE.match(compact):
        raise ValidationError(
            _(
                "Enter the wallet number with digits only (usually it is the phone number "
                "the wallet is registered to)."
            ),
            code="invalid_wallet",
        )
    return compact.lstrip("+")
