"""The contacts Spravka ships with, from contacts/contacts.toml (read through core.datafiles):
who support is for, its phones and e-mail addresses, their hours, the hotline's wait profile and
the "Priority" package, all as the support seed text gives them.

`load()` is run by `manage.py load_content` (and so by `make run`). It is idempotent: it
creates what is missing through contacts/services.py (so every write is validated as staff's
are), keyed by a natural key (an audience's slug, a channel's content key, a package's slug),
and never changes what exists, so staff edits survive a reload.
"""

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from django.db.models import Q

from contacts import services
from contacts.models import Audience, Channel, ServicePackage, WaitProfile, clean_phone_number
from contacts.schedule import Interval
from core.datafiles import read_toml

CONTACTS_FILE = Path(__file__).resolve().parent / "contacts.toml"
LANGUAGES = ("ru", "en")
PHONE, EMAIL = Channel.Kind.PHONE, Channel.Kind.EMAIL


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


def _per_language(entry: dict, *names: str) -> dict[str, str]:
    """{"name": {"ru": …, "en": …}} -> {"name_ru": …, "name_en": …}."""
    return {f"{name}_{code}": entry[name][code] for name in names for code in LANGUAGES}


def _intervals(rows: list) -> tuple[Interval, ...]:
    return tuple(
        Interval(day, time.fromisoformat(opens), time.fromisoformat(closes))
        for day, opens, closes in rows
    )


_DATA = read_toml(CONTACTS_FILE)
_FLAGS = ("from_russia", "from_moscow", "from_abroad", "is_toll_free", "always_open")

AUDIENCES = [
    AudienceSeed(
        slug=entry["slug"],
        support_kind=entry["support_kind"],
        order=entry["order"],
        **_per_language(entry, "name", "description"),
    )
    for entry in _DATA["audience"]
]
CHANNELS = [
    ChannelSeed(
        key=entry["key"],
        audience=entry["audience"],
        kind=entry["kind"],
        value=entry["value"],
        order=entry["order"],
        is_main_hotline=entry.get("is_main_hotline", False),
        intervals=_intervals(_DATA["hours"][entry["hours"]]) if "hours" in entry else (),
        **{flag: entry.get(flag, False) for flag in _FLAGS},
        **_per_language(entry, "title"),
        **(
            {
                f"cost_note_{code}": _DATA["cost_notes"][entry["cost_note"]][code]
                for code in LANGUAGES
            }
            if "cost_note" in entry
            else {}
        ),
    )
    for entry in _DATA["channel"]
]
# Titles earlier releases shipped. A channel whose title is still the old text was never
# renamed by staff, so a reload gives it the new title; a title staff changed stays theirs.
PREVIOUS_TITLES = {
    entry["key"]: entry["previous_title"] for entry in _DATA["channel"] if "previous_title" in entry
}
_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WAIT_PROFILE = {
    "channel": _DATA["wait_profile"]["channel"],
    **_per_language(_DATA["wait_profile"], "summary"),
    "levels": {
        (day, hour): level
        for day, name in enumerate(_WEEK)
        for hour, level in enumerate(_DATA["wait_profile"]["levels"][name])
    },
}
PACKAGES = [
    {
        **{key: value for key, value in entry.items() if key not in {"name", "description"}},
        **_per_language(entry, "name", "description"),
    }
    for entry in _DATA["package"]
]


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

    for package in PACKAGES:
        if not ServicePackage.objects.filter(slug=package["slug"]).exists():
            services.service_package_create(**package)
            created["packages"] += 1

    if not any(created.values()):
        return "nothing to add, all shipped contacts are present"
    return "added " + ", ".join(f"{n} {what}" for what, n in created.items() if n)
