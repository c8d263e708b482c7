"""A phone number is read and stored in one place: the model field (core.fields)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from contacts.models import Audience, Channel
from tickets.models import PriorityCustomer


def _phone_channel(phone: str) -> Channel:
    audience = Audience.objects.create(slug="cards", name_ru="Держателям карт")
    return Channel(
        audience=audience,
        kind=Channel.Kind.PHONE,
        title_ru="Горячая линия",
        phone=phone,
        from_russia=True,
    )


@pytest.mark.django_db
def test_a_channel_typed_as_callers_read_it_passes_full_clean_and_is_stored_as_e164():
    channel = _phone_channel("8 800 707-77-59")
    channel.full_clean()
    assert channel.phone == "+78007077759"


@pytest.mark.django_db
def test_a_number_that_cannot_be_dialled_is_refused_once_saying_how_to_type_it():
    channel = _phone_channel("12")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        channel.full_clean()
    with translation.override("en"):
        messages = error.value.message_dict["phone"]
    assert messages == [
        "“12” is not a phone number that can be dialled. Type it as callers see it, for "
        "example 8 800 707-77-59 or +7 495 783-69-00."
    ]


@pytest.mark.django_db
def test_a_priority_customers_phone_is_stored_as_e164():
    customer = PriorityCustomer(phone="8 912 345-67-89")
    customer.full_clean()
    assert customer.phone == "+79123456789"
