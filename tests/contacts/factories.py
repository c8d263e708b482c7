"""Small `make_*` helpers for contacts tests; everything goes through the service functions."""

import itertools
from datetime import datetime, time

from contacts import services
from contacts.models import Audience, Channel
from contacts.schedule import MOSCOW, Interval

_numbers = itertools.count(1)

WEEKDAYS_9_TO_18 = tuple(Interval(day, time(9), time(18)) for day in range(5))


def msk(year, month, day, hour=0, minute=0, second=0) -> datetime:
    """A moment given in Moscow wall-clock time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=MOSCOW)


def make_audience(**fields) -> Audience:
    n = next(_numbers)
    values = {
        "slug": f"audience-{n}",
        "name_ru": f"Аудитория {n}",
        "name_en": f"Audience {n}",
        "support_kind": Audience.SupportKind.CUSTOMER_SUPPORT,
    }
    values.update(fields)
    return services.audience_create(**values)


def make_phone(*, audience: Audience | None = None, **fields) -> Channel:
    values = {
        "audience": audience or make_audience(),
        "kind": Channel.Kind.PHONE,
        "title_ru": "Горячая линия",
        "title_en": "Hotline",
        "phone": "8 800 200-00-59",
        "from_russia": True,
        "is_toll_free": True,
        "intervals": WEEKDAYS_9_TO_18,
    }
    values.update(fields)
    return services.channel_create(**values)


def make_email(*, audience: Audience | None = None, **fields) -> Channel:
    values = {
        "audience": audience or make_audience(),
        "kind": Channel.Kind.EMAIL,
        "title_ru": "Техническая поддержка",
        "title_en": "Technical support",
        "email": "tp@qiwi.com",
        "always_open": True,
    }
    values.update(fields)
    return services.channel_create(**values)
