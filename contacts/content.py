"""The contacts Spravka ships with: everything `shared/seed/support-article.ru.txt` says.

`load()` is run by `manage.py load_content` (and so by `make run`). It is idempotent: it
creates what is missing, keyed by a natural key (an audience's slug, a channel's content
key, a package's slug), and never changes what exists, so staff edits survive a reload.
"""

from dataclasses import dataclass, field
from datetime import time

from django.db.models import Q

from contacts import services
from contacts.models import Audience, Channel, ServicePackage, WaitProfile, clean_phone_number
from contacts.schedule import Interval

PHONE, EMAIL = Channel.Kind.PHONE, Channel.Kind.EMAIL
# Central office and the bank: "с 9 до 18 часов по будням, суббота и воскресенье — нерабочие".
WEEKDAYS_9_TO_18 = tuple(Interval(day, time(9), time(18)) for day in range(5))
OPERATOR_RATES_RU = "Стоимость зависит от тарифов оператора связи"
OPERATOR_RATES_EN = "The cost depends on your operator's rates"


@dataclass(frozen=True)
class AudienceSeed:
    slug: str
    name_ru: str
    name_en: str
    description_ru: str
    description_en: str
    support_kind: str
    order: int


@dataclass(frozen=True)
class ChannelSeed:
    key: str
    audience: str
    kind: str
    value: str  # a phone exactly as the seed writes it, or an e-mail address
    title_ru: str
    title_en: str
    from_russia: bool = False
    from_moscow: bool = False
    from_abroad: bool = False
    is_toll_free: bool = False
    cost_note_ru: str = ""
    cost_note_en: str = ""
    always_open: bool = False
    intervals: tuple[Interval, ...] = field(default=())
    is_main_hotline: bool = False
    order: int = 0


AUDIENCES = [
    AudienceSeed(
        slug="wallet",
        name_ru="Пользователям QIWI Кошелька",
        name_en="QIWI Wallet users",
        description_ru=(
            "Горячая линия QIWI Кошелька работает круглосуточно. "
            "Службе технической поддержки можно написать по электронной почте."
        ),
        description_en=(
            "The QIWI Wallet hotline works round the clock. "
            "You can also write to technical support by e-mail."
        ),
        support_kind=Audience.SupportKind.CUSTOMER_SUPPORT,
        order=10,
    ),
    AudienceSeed(
        slug="agents",
        name_ru="Агентам и по вопросам терминалов",
        name_en="Agents and payment terminals",
        description_ru="У технической поддержки агентов своя горячая линия.",
        description_en="Agents' technical support has a hotline of its own.",
        support_kind=Audience.SupportKind.TECHNICAL_SUPPORT,
        order=20,
    ),
    AudienceSeed(
        slug="card-holders",
        name_ru="Держателям карт QIWI Банка",
        name_en="QIWI Bank card holders",
        description_ru="Горячая линия QIWI Банка работает по будням с 9:00 до 18:00 по Москве.",
        description_en="The QIWI Bank hotline works on weekdays, 9:00 to 18:00 Moscow time.",
        support_kind=Audience.SupportKind.CUSTOMER_SUPPORT,
        order=30,
    ),
    AudienceSeed(
        slug="office",
        name_ru="Центральный офис",
        name_en="Central office",
        description_ru=(
            "Если горячая линия по какой-либо причине недоступна, можно позвонить "
            "в центральный офис компании."
        ),
        description_en=(
            "If the hotline cannot be reached for any reason, you can call the company's "
            "central office."
        ),
        support_kind=Audience.SupportKind.CUSTOMER_SERVICE,
        order=40,
    ),
]

# The seed gives the bank three numbers for one purpose; each card needs its own title, so the
# titles say which of the three it is (the seed's first pair "231-36-45/46", then 009-00-99).
_BANK_MOSCOW = {
    "audience": "card-holders",
    "kind": PHONE,
    "from_moscow": True,
    "from_abroad": True,
    "intervals": WEEKDAYS_9_TO_18,
}

CHANNELS = [
    ChannelSeed(
        key="wallet-hotline",
        audience="wallet",
        kind=PHONE,
        value="8 800 707-77-59",
        title_ru="Горячая линия QIWI Кошелька",
        title_en="QIWI Wallet hotline",
        from_russia=True,
        is_toll_free=True,
        always_open=True,
        is_main_hotline=True,
        order=10,
    ),
    # The seed: "Номер техподдержки Киви для звонков из Москвы и из-за рубежа +7 495 783-69-00".
    # It is support's number for everyone, so wallet users (who cannot dial 8 800 from abroad)
    # find it in their own group too, as the help articles say.
    ChannelSeed(
        key="wallet-moscow-abroad",
        audience="wallet",
        kind=PHONE,
        value="+7 495 783-69-00",
        title_ru="Для звонков из Москвы и из-за рубежа",
        title_en="For calls from Moscow and from abroad",
        from_moscow=True,
        from_abroad=True,
        cost_note_ru=OPERATOR_RATES_RU,
        cost_note_en=OPERATOR_RATES_EN,
        always_open=True,
        order=15,
    ),
    ChannelSeed(
        key="wallet-tech-support-email",
        audience="wallet",
        kind=EMAIL,
        value="tp@qiwi.com",
        title_ru="Служба технической поддержки",
        title_en="Technical support",
        always_open=True,
        order=20,
    ),
    ChannelSeed(
        key="agents-hotline",
        audience="agents",
        kind=PHONE,
        value="8 800 200-53-90",
        title_ru="Горячая линия технической поддержки агентов",
        title_en="Agents' technical support hotline",
        from_russia=True,
        is_toll_free=True,
        always_open=True,
        order=10,
    ),
    ChannelSeed(
        key="tech-support-moscow-abroad",
        audience="agents",
        kind=PHONE,
        value="+7 495 783-69-00",
        title_ru="Техподдержка для звонков из Москвы и из-за рубежа",
        title_en="Technical support for calls from Moscow and from abroad",
        from_moscow=True,
        from_abroad=True,
        cost_note_ru=OPERATOR_RATES_RU,
        cost_note_en=OPERATOR_RATES_EN,
        always_open=True,
        order=20,
    ),
    ChannelSeed(
        key="terminals-email",
        audience="agents",
        kind=EMAIL,
        value="konsultant@qiwi.com",
        title_ru="Вопросы по терминалам",
        title_en="Questions about terminals",
        always_open=True,
        order=30,
    ),
    ChannelSeed(
        key="bank-hotline",
        audience="card-holders",
        kind=PHONE,
        value="8-800-200-62-25",
        title_ru="Горячая линия QIWI Банка для бесплатных звонков по России",
        title_en="QIWI Bank hotline, free calls within Russia",
        from_russia=True,
        is_toll_free=True,
        intervals=WEEKDAYS_9_TO_18,
        order=10,
    ),
    # The seed's "+7 (495) 231-36-45/46" is two numbers: each gets its own tel: link.
    ChannelSeed(
        key="bank-moscow-1",
        value="+7 (495) 231-36-45",
        title_ru="Из Москвы, области и из-за рубежа: основной номер",
        title_en="From Moscow, the Moscow region and abroad: main number",
        order=20,
        **_BANK_MOSCOW,
    ),
    ChannelSeed(
        key="bank-moscow-2",
        value="+7 (495) 231-36-46",
        title_ru="Из Москвы, области и из-за рубежа: второй номер",
        title_en="From Moscow, the Moscow region and abroad: second number",
        order=30,
        **_BANK_MOSCOW,
    ),
    ChannelSeed(
        key="bank-moscow-3",
        value="+7 (495) 009-00-99",
        title_ru="Из Москвы, области и из-за рубежа: третий номер",
        title_en="From Moscow, the Moscow region and abroad: third number",
        order=40,
        **_BANK_MOSCOW,
    ),
    ChannelSeed(
        key="bank-email",
        audience="card-holders",
        kind=EMAIL,
        value="bankinfo@qiwi.ru",
        title_ru="Для клиентов банка",
        title_en="For the bank's clients",
        always_open=True,
        order=50,
    ),
    ChannelSeed(
        key="office-toll-free",
        audience="office",
        kind=PHONE,
        value="8 800 200-00-59",
        title_ru="Бесплатный номер центрального офиса",
        title_en="Central office, toll-free",
        from_russia=True,
        is_toll_free=True,
        intervals=WEEKDAYS_9_TO_18,
        order=10,
    ),
    ChannelSeed(
        key="office-moscow",
        audience="office",
        kind=PHONE,
        value="+7 495 783-59-59",
        title_ru="Для жителей Москвы и области",
        title_en="For Moscow and the Moscow region",
        from_moscow=True,
        intervals=WEEKDAYS_9_TO_18,
        order=20,
    ),
]


def _hotline_wait_levels() -> dict[tuple[int, int], int]:
    """The seed: "Быстрее всего можно дозвониться в утренние часы по будням и в воскресенье
    ... Наибольшее время ожидания с 19 до 22 часов, а суббота — самый загруженный день".
    Levels: 1 short, 2 moderate, 3 long, 4 very long."""
    # Hours:   00-06      07-11      12-18      19-21      22-23
    weekday = [2] * 7 + [1] * 5 + [2] * 7 + [3] * 3 + [2] * 2
    saturday = [2] * 7 + [2] * 5 + [3] * 7 + [4] * 3 + [3] * 2
    sunday = [2] * 7 + [1] * 5 + [1] * 7 + [3] * 3 + [2] * 2
    days = [weekday] * 5 + [saturday, sunday]
    return {(day, hour): days[day][hour] for day in range(7) for hour in range(24)}


WAIT_PROFILE = {
    "channel": "wallet-hotline",
    "summary_ru": (
        "Быстрее всего дозвониться утром по будням и в воскресенье. Дольше всего ждать ответа "
        "с 19:00 до 22:00, а суббота — самый загруженный день."
    ),
    "summary_en": (
        "Getting through is quickest on weekday mornings and on Sunday. The wait is longest "
        "from 19:00 to 22:00, and Saturday is the busiest day."
    ),
    "levels": _hotline_wait_levels(),
}

PRIORITY = {
    "slug": "priority",
    "name_ru": "Приоритет",
    "name_en": "Priority",
    "description_ru": "У пользователей пакета услуг «Приоритет» есть преимущество.",
    "description_en": "Users of the “Priority” service package are served first.",
    "answer_within_seconds": 10,
    "skips_answering_machine": True,
    "written_appeals_first": True,
}


# Titles earlier releases shipped. A channel whose title is still the old text was never
# renamed by staff, so a reload gives it the new title; a title staff changed stays theirs.
PREVIOUS_TITLES = {
    key: {
        "ru": "Для Москвы и области, а также международных звонков",
        "en": "Moscow and the Moscow region, and international calls",
    }
    for key in ("bank-moscow-1", "bank-moscow-2", "bank-moscow-3")
}


def _update_untouched_titles() -> int:
    seeds = {seed.key: seed for seed in CHANNELS}
    updated = 0
    for channel in Channel.objects.filter(content_key__in=PREVIOUS_TITLES):
        seed, old = seeds[channel.content_key], PREVIOUS_TITLES[channel.content_key]
        fields = [
            f"title_{code}"
            for code in old
            if getattr(channel, f"title_{code}") == old[code]
            and old[code] != getattr(seed, f"title_{code}")
        ]
        for name in fields:
            setattr(channel, name, getattr(seed, name))
        if fields:
            channel.save()
            updated += 1
    return updated


def _channel_exists(seed: ChannelSeed, audience: Audience) -> bool:
    # Also counts a contact staff entered by hand before the loader ran.
    same_value = (
        Q(phone=clean_phone_number(seed.value)) if seed.kind == PHONE else Q(email=seed.value)
    )
    return Channel.objects.filter(
        Q(content_key=seed.key) | (Q(audience=audience) & same_value)
    ).exists()


def load() -> str:
    created = {
        "audiences": 0,
        "channels": 0,
        "wait profiles": 0,
        "wait hours": 0,
        "packages": 0,
        "new titles": 0,
    }

    for seed in AUDIENCES:
        if not Audience.objects.filter(slug=seed.slug).exists():
            services.audience_create(**seed.__dict__)
            created["audiences"] += 1

    audiences = {a.slug: a for a in Audience.objects.all()}
    for seed in CHANNELS:
        audience = audiences[seed.audience]
        if _channel_exists(seed, audience):
            continue
        values = {k: v for k, v in seed.__dict__.items() if k not in {"key", "value"}}
        values["audience"] = audience
        values["phone" if seed.kind == PHONE else "email"] = seed.value
        if seed.is_main_hotline and Channel.objects.filter(is_main_hotline=True).exists():
            values["is_main_hotline"] = False  # staff chose another main hotline: keep theirs
        services.channel_create(content_key=seed.key, **values)
        created["channels"] += 1

    hotline = Channel.objects.filter(content_key=WAIT_PROFILE["channel"]).first()
    if hotline is not None:
        profile = WaitProfile.objects.filter(channel=hotline).first()
        if profile is None:
            services.wait_profile_create(
                channel=hotline,
                summary_ru=WAIT_PROFILE["summary_ru"],
                summary_en=WAIT_PROFILE["summary_en"],
                levels=WAIT_PROFILE["levels"],
            )
            created["wait profiles"] += 1
        else:
            created["wait hours"] += services.wait_profile_set_levels(
                profile=profile, levels=WAIT_PROFILE["levels"], only_missing=True
            )

    created["new titles"] = _update_untouched_titles()

    if not ServicePackage.objects.filter(slug=PRIORITY["slug"]).exists():
        services.service_package_create(**PRIORITY)
        created["packages"] += 1

    if not any(created.values()):
        return "nothing to add, all shipped contacts are present"
    return "added " + ", ".join(f"{n} {what}" for what, n in created.items() if n)
