"""The Russian production calendar: which days are working days.

Public holidays, the days off the government moves every year and the Saturdays it makes
working days come from the `holidays` package (`holidays.RU`: its holidays, plus
`weekend_workdays` for working Saturdays such as 2027-02-20). Staff add what the package does
not know yet — a decree published after the package's release, a regional day off — as
`core.CalendarException` rows in admin; an exception always wins over the package.

A year's days off are computed once and kept in the cache (shared by every worker with Redis);
saving or deleting an exception, once committed, starts a new cache version, so every worker's
next count sees it (a date moved from one year to another included).
"""

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
from django.core.cache import cache
from django.db import transaction

# Legal deadlines are counted on Moscow's calendar whatever the server's TIME_ZONE says.
MOSCOW = ZoneInfo("Europe/Moscow")
VERSION_KEY = "workdays:version"
CACHE_KEY = "workdays:days-off:{version}:{year}"
CACHE_SECONDS = 24 * 3600
# add_working_days refuses to run away: no calendar has a year without working days.
MAX_SPAN_DAYS = 3660


def _package_days_off(year: int) -> set[date]:
    calendar = holidays.RU(years=year)
    day, days_off = date(year, 1, 1), set()
    while day.year == year:
        if not calendar.is_working_day(day):
            days_off.add(day)
        day += timedelta(days=1)
    return days_off


def _compute_days_off(year: int) -> frozenset[date]:
    from core.models import CalendarException  # not at import time: apps are not ready yet

    days_off = _package_days_off(year)
    exceptions = CalendarException.objects.filter(
        date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
    ).values_list("date", "is_working_day")
    for day, working in exceptions:
        if working:
            days_off.discard(day)
        else:
            days_off.add(day)
    return frozenset(days_off)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY) or "none"
    return version


def days_off(year: int) -> frozenset[date]:
    key = CACHE_KEY.format(version=_version(), year=year)
    cached = cache.get(key)
    if cached is None:
        cached = _compute_days_off(year)
        cache.set(key, cached, timeout=CACHE_SECONDS)
    return cached


def forget_exceptions(*args, **kwargs) -> None:
    """An exception changed (a signal receiver): after the commit, so that no worker caches the
    old state under the new version while the change is still uncommitted."""
    transaction.on_commit(lambda: cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None))


def is_working_day(day: date) -> bool:
    return day not in days_off(day.year)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` (start itself never counts: a period "begins on the
    day after the event", Civil Code art. 191). n=0 gives `start`."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted, year_off = start, 0, None
    for _ in range(MAX_SPAN_DAYS):
        if counted == n:
            return day
        day += timedelta(days=1)
        if year_off is None or year_off[0] != day.year:
            year_off = (day.year, days_off(day.year))
        if day not in year_off[1]:
            counted += 1
    raise ValueError(f"no {n} working days within {MAX_SPAN_DAYS} days of {start}")


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` (0 when b <= a): how many of a period's
    days have been used by day b. add_working_days(a, working_days_between(a, b)) <= b."""
    if b <= a:
        return 0
    # One cache read per year, not per day (a day-by-day read would hit Redis, or with Redis
    # down the database, for every day of the span).
    years = {year: days_off(year) for year in range(a.year, b.year + 1)}
    count, day = 0, a
    while day < b:
        day += timedelta(days=1)
        if day not in years[day.year]:
            count += 1
    return count


def moscow_date(moment: datetime) -> date:
    return moment.astimezone(MOSCOW).date()


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Moscow, 23:59:59.999999: a deadline "by the end of the day"."""
    return datetime.combine(day, time.max, tzinfo=MOSCOW)
