"""Model fields every app may use."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.phones import normalize_phone

# E.164 allows at most 15 digits, plus the "+".
E164_MAX_LENGTH = 16


class PhoneNumberField(models.CharField):
    """A phone number typed any usual way ("8 800 707-77-59", "+7 (495) 783-69-00"), stored as
    E.164 (`+78007077759`). The one place a stored phone is normalised: `to_python` runs first in
    `full_clean`, so the model's own checks and the forms built on it see the stored form.
    The display form is core.phones.format_phone. Give `error_messages={"invalid_phone": ...}`
    to say how to type a number in words fit for who types it (staff or visitors)."""

    default_error_messages = {
        "invalid_phone": _("“%(value)s” is not a valid phone number."),
    }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", E164_MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        # The messages are not part of the schema: changing their words needs no migration.
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("error_messages", None)
        return name, path, args, kwargs

    def get_prep_value(self, value):
        # CharField's would run to_python here, so a query for a number that is not a phone
        # (a wallet looked up in both columns) would raise: queries compare values as given.
        value = super(models.CharField, self).get_prep_value(value)
        return value if value is None else str(value)

    def to_python(self, value):
        value = super().to_python(value)
        if value is None or not value.strip():
            return "" if value is not None else None
        try:
            return normalize_phone(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_phone"],
                code="invalid_phone",
                params={"value": value},
            ) from None
