"""Writes to the contacts tables. Each function validates fully and runs in one transaction."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from contacts.models import (
    Audience,
    Channel,
    HourlyWait,
    OpeningInterval,
    ServicePackage,
    WaitProfile,
    Weekday,
)
from contacts.schedule import Interval
from contacts.validators import overlap_errors, wait_level_errors


@transaction.atomic
def audience_create(
    *,
    slug: str,
    name_ru: str,
    name_en: str = "",
    description_ru: str = "",
    description_en: str = "",
    support_kind: str = Audience.SupportKind.CUSTOMER_SUPPORT,
    order: int = 0,
) -> Audience:
    audience = Audience(
        slug=slug,
        name_ru=name_ru,
        name_en=name_en,
        description_ru=description_ru,
        description_en=description_en,
        support_kind=support_kind,
        order=order,
    )
    audience.full_clean()
    audience.save()
    return audience


@transaction.atomic
def channel_create(
    *,
    audience: Audience,
    kind: str,
    title_ru: str,
    title_en: str = "",
    phone: str = "",
    email: str = "",
    from_russia: bool = False,
    from_moscow: bool = False,
    from_abroad: bool = False,
    is_toll_free: bool = False,
    cost_note_ru: str = "",
    cost_note_en: str = "",
    always_open: bool = False,
    intervals: Iterable[Interval] = (),
    is_main_hotline: bool = False,
    order: int = 0,
    content_key: str | None = None,
) -> Channel:
    """A phone may be typed any usual way; it is stored as +7…"""
    channel = Channel(
        audience=audience,
        kind=kind,
        title_ru=title_ru,
        title_en=title_en,
        phone=phone,
        email=email,
        from_russia=from_russia,
        from_moscow=from_moscow,
        from_abroad=from_abroad,
        is_toll_free=is_toll_free,
        cost_note_ru=cost_note_ru,
        cost_note_en=cost_note_en,
        always_open=always_open,
        is_main_hotline=is_main_hotline,
        order=order,
        content_key=content_key,
    )
    channel.full_clean()
    channel.save()
    channel_set_hours(channel=channel, always_open=always_open, intervals=intervals)
    return channel


@transaction.atomic
def channel_set_hours(
    *, channel: Channel, always_open: bool, intervals: Iterable[Interval]
) -> Channel:
    """Replace a channel's weekly hours (Moscow time)."""
    intervals = sorted(intervals)
    errors = []
    for interval in intervals:
        if not interval.is_valid():
            errors.append(
                _("%(day)s: %(hours)s closes before it opens.")
                % {"day": Weekday(interval.weekday).label, "hours": interval}
            )
    errors += overlap_errors(i for i in intervals if i.is_valid())
    if not always_open and not intervals:
        errors.append(_("Give the opening hours, or make the channel open round the clock."))
    if errors:
        raise ValidationError(errors)
    if channel.always_open != always_open:
        channel.always_open = always_open
        channel.save(update_fields=["always_open", "updated_at"])
    channel.intervals.all().delete()
    rows = [
        OpeningInterval(channel=channel, weekday=i.weekday, opens=i.opens, closes=i.closes)
        for i in intervals
    ]
    for row in rows:
        row.full_clean(exclude=["channel"])
    OpeningInterval.objects.bulk_create(rows)
    return channel


@transaction.atomic
def wait_profile_create(
    *,
    channel: Channel,
    summary_ru: str,
    summary_en: str = "",
    levels: Mapping[tuple[int, int], int],
) -> WaitProfile:
    profile = WaitProfile(channel=channel, summary_ru=summary_ru, summary_en=summary_en)
    profile.full_clean()
    profile.save()
    wait_profile_set_levels(profile=profile, levels=levels)
    return profile


@transaction.atomic
def wait_profile_set_levels(
    *, profile: WaitProfile, levels: Mapping[tuple[int, int], int], only_missing: bool = False
) -> int:
    """Set the wait level of every hour of the week; returns how many hours changed.

    With `only_missing`, hours that already have a level keep it (the content loader uses
    this, so it never overwrites what staff set).
    """
    errors = wait_level_errors(levels)
    if errors:
        raise ValidationError(errors)
    existing = {(w.weekday, w.hour): w for w in profile.hours.all()}
    to_create, to_update = [], []
    for (day, hour), value in levels.items():
        level = int(value)
        row = existing.get((day, hour))
        if row is None:
            to_create.append(HourlyWait(profile=profile, weekday=day, hour=hour, level=level))
        elif not only_missing and row.level != level:
            row.level = level
            to_update.append(row)
    HourlyWait.objects.bulk_create(to_create)
    HourlyWait.objects.bulk_update(to_update, ["level"])
    if to_create or to_update:
        profile.save(update_fields=["updated_at"])
    return len(to_create) + len(to_update)


@transaction.atomic
def service_package_create(
    *,
    slug: str,
    name_ru: str,
    name_en: str = "",
    description_ru: str = "",
    description_en: str = "",
    answer_within_seconds: int | None = None,
    skips_answering_machine: bool = False,
    written_appeals_first: bool = False,
    order: int = 0,
) -> ServicePackage:
    package = ServicePackage(
        slug=slug,
        name_ru=name_ru,
        name_en=name_en,
        description_ru=description_ru,
        description_en=description_en,
        answer_within_seconds=answer_within_seconds,
        skips_answering_machine=skips_answering_machine,
        written_appeals_first=written_appeals_first,
        order=order,
    )
    package.full_clean()
    package.save()
    return package
