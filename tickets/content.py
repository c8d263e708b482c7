"""The appeal topics Spravka ships with: the seed's list of what support helps with, and the
two things it cannot help with, shown next to the topics where they matter."""

from tickets.models import Topic

THIRD_PARTY_RU = (
    "Поддержка не сможет помочь, если проблема связана с работой сторонних сервисов: "
    "обратитесь в поддержку этого сервиса."
)
THIRD_PARTY_EN = (
    "Support cannot help if the problem lies with a third-party service: please contact that "
    "service's support."
)

TOPICS = [
    {
        "slug": "terminals",
        "name_ru": "Сбои в аппаратах самообслуживания",
        "name_en": "Self-service terminal failures",
    },
    {
        "slug": "login",
        "name_ru": "Вход в систему и авторизация",
        "name_en": "Logging in and authorisation",
    },
    {
        "slug": "site-app",
        "name_ru": "Нарушения в работе сайта или приложения",
        "name_en": "Website or app faults",
        "cannot_help_note_ru": THIRD_PARTY_RU,
        "cannot_help_note_en": THIRD_PARTY_EN,
    },
    {
        "slug": "payments",
        "name_ru": "Ошибки в платежах",
        "name_en": "Payment errors",
        "cannot_help_note_ru": (
            "Поддержка не сможет помочь, если деньги по ошибке переведены другому человеку: "
            "вернуть такой перевод может только получатель."
        ),
        "cannot_help_note_en": (
            "Support cannot help if money was sent to the wrong person by mistake: only the "
            "recipient can return such a transfer."
        ),
    },
    {
        "slug": "sms",
        "name_ru": "Вопросы по смс-оповещениям",
        "name_en": "SMS notifications",
    },
    {
        "slug": "other",
        "name_ru": "Другой вопрос",
        "name_en": "Another question",
        "cannot_help_note_ru": THIRD_PARTY_RU,
        "cannot_help_note_en": THIRD_PARTY_EN,
    },
]


def load() -> str:
    """Creates the missing topics; a topic staff have edited (or hidden) is left alone."""
    created = 0
    for order, data in enumerate(TOPICS, start=1):
        defaults = {key: value for key, value in data.items() if key != "slug"}
        _topic, was_created = Topic.objects.get_or_create(
            slug=data["slug"], defaults={**defaults, "order": order * 10}
        )
        created += was_created
    return f"{created} topics created, {len(TOPICS) - created} already present"
