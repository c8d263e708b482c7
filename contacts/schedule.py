"""Weekly opening hours and whether a channel is open at a given moment, in Moscow time.

Everything here is plain Python on explicit values: the moment is always passed in (views pass
``timezone.now()``), so the answer never depends on the server's or the visitor's time zone,
nor on ``settings.TIME_ZONE``: the seed's hours are Moscow hours by definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

MOSCOW = ZoneInfo("Europe/Moscow")
MIDNIGHT = time(0)
DASH = "\N{EN DASH}"  # between the ends of a range, as typography wants
DAY = 24 * 3600
WEEK = 7 * DAY


def format_time(value: time, *, closing: bool = False) -> str:
    """`09:00`; a closing time of 00:00 is midnight at the end of the day: `24:00`."""
    if closing and value == MIDNIGHT:
        return "24:00"
    return f"{value:%H:%M}"


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


@dataclass(frozen=True, order=True)
class Interval:
    """Open on `weekday` (0 = Monday, as `date.weekday()`) from `opens` until `closes`.

    `closes` is strictly later than `opens`, or 00:00 meaning midnight at the end of that day;
    hours past midnight are a second interval on the next day.
    """

    weekday: int
    opens: time
    closes: time

    @property
    def start(self) -> int:
        """Seconds since Monday 00:00."""
        return self.weekday * DAY + _seconds(self.opens)

    @property
    def end(self) -> int:
        end_of_day = DAY if self.closes == MIDNIGHT else _seconds(self.closes)
        return self.weekday * DAY + end_of_day

    def is_valid(self) -> bool:
        return 0 <= self.weekday <= 6 and self.end > self.start

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        return f"{format_time(self.opens)}{DASH}{format_time(self.closes, closing=True)}"


def find_overlaps(intervals: Iterable[Interval]) -> list[tuple[Interval, Interval]]:
    """Pairs of intervals that share some time on the same day (touching ends are fine)."""
    ordered = sorted(intervals)
    return [
        (first, second)
        for index, first in enumerate(ordered)
        for second in ordered[index + 1 :]
        if first.overlaps(second)
    ]


# Whole phrases, one per weekday, so that each language can decline the day's name:
# "opens Tuesday" is "откроется во вторник".
_OPENS_ON_DAY = {
    0: lambda t: gettext("Closed, opens Monday at %(time)s") % {"time": t},
    1: lambda t: gettext("Closed, opens Tuesday at %(time)s") % {"time": t},
    2: lambda t: gettext("Closed, opens Wednesday at %(time)s") % {"time": t},
    3: lambda t: gettext("Closed, opens Thursday at %(time)s") % {"time": t},
    4: lambda t: gettext("Closed, opens Friday at %(time)s") % {"time": t},
    5: lambda t: gettext("Closed, opens Saturday at %(time)s") % {"time": t},
    6: lambda t: gettext("Closed, opens Sunday at %(time)s") % {"time": t},
}


@dataclass(frozen=True)
class Status:
    """Whether a channel is open at `moment` (Moscow time), and when that changes."""

    is_open: bool
    always_open: bool
    moment: datetime
    closes_at: datetime | None = None
    opens_at: datetime | None = None

    @property
    def label(self) -> str:
        if self.always_open:
            return gettext("Open now")
        if self.is_open:
            if self.closes_at is None:
                return gettext("Open now")
            return gettext("Open now, until %(time)s") % {
                "time": format_time(self.closes_at.time(), closing=True)
            }
        if self.opens_at is None:
            return gettext("Closed")
        opens = format_time(self.opens_at.time())
        if self.opens_at.date() == self.moment.date():
            return gettext("Closed, opens today at %(time)s") % {"time": opens}
        return _OPENS_ON_DAY[self.opens_at.weekday()](opens)


def to_moscow(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A naive moment would silently mean the server's zone: exactly the bug to avoid.
        raise ValueError("The moment must be timezone-aware (pass timezone.now()).")
    return moment.astimezone(MOSCOW)


@dataclass(frozen=True)
class WeeklySchedule:
    always_open: bool
    intervals: tuple[Interval, ...] = ()

    @classmethod
    def build(cls, *, always_open: bool, intervals: Iterable[Interval]) -> WeeklySchedule:
        return cls(always_open=always_open, intervals=tuple(sorted(intervals)))

    def status_at(self, moment: datetime) -> Status:
        now = to_moscow(moment)
        if self.always_open:
            return Status(is_open=True, always_open=True, moment=now)
        week_start = (now - timedelta(days=now.weekday())).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        offset = (now - week_start).total_seconds()
        current = next((i for i in self.intervals if i.start <= offset < i.end), None)
        if current is not None:
            end = self._end_of_open_run(current)
            # Open without a break all week (e.g. seven whole days): no closing time.
            closes_at = None if end is None else now + timedelta(seconds=end - offset)
            return Status(is_open=True, always_open=False, moment=now, closes_at=closes_at)
        if not self.intervals:
            return Status(is_open=False, always_open=False, moment=now)
        wait = min((i.start - offset) % WEEK for i in self.intervals)
        opens_at = (now + timedelta(seconds=wait)).replace(microsecond=0)
        return Status(is_open=False, always_open=False, moment=now, opens_at=opens_at)

    def _end_of_open_run(self, current: Interval) -> float | None:
        """When the run of back-to-back intervals that `current` is part of ends, in seconds
        since the start of this week (it may pass Sunday midnight into next week)."""
        starts = {i.start: i for i in self.intervals}
        end, total = current.end, current.end - current.start
        while (nxt := starts.get(end % WEEK)) is not None:
            end += nxt.end - nxt.start
            total += nxt.end - nxt.start
            if total >= WEEK:
                return None
        return end

    def describe(self) -> str:
        """The hours in words: "Weekdays: 09:00-18:00; Saturday and Sunday: closed"."""
        if self.always_open:
            return gettext("Round the clock, seven days a week")
        by_day = [tuple(i for i in self.intervals if i.weekday == day) for day in range(7)]
        groups: list[tuple[list[int], tuple[Interval, ...]]] = []
        for day, hours in enumerate(by_day):
            same = [(i.opens, i.closes) for i in hours]
            if groups and [(i.opens, i.closes) for i in groups[-1][1]] == same:
                groups[-1][0].append(day)
            else:
                groups.append(([day], hours))
        parts = []
        for days, hours in groups:
            label = days_label(days)
            if hours:
                text = ", ".join(str(i) for i in hours)
                parts.append(gettext("%(days)s: %(hours)s") % {"days": label, "hours": text})
            else:
                parts.append(gettext("%(days)s: closed") % {"days": label})
        return capfirst("; ".join(parts))


def weekday_in_text(day: int) -> str:
    """A weekday's name as it reads inside a sentence (lower case in Russian)."""
    names = [
        pgettext("weekday inside a sentence", "Monday"),
        pgettext("weekday inside a sentence", "Tuesday"),
        pgettext("weekday inside a sentence", "Wednesday"),
        pgettext("weekday inside a sentence", "Thursday"),
        pgettext("weekday inside a sentence", "Friday"),
        pgettext("weekday inside a sentence", "Saturday"),
        pgettext("weekday inside a sentence", "Sunday"),
    ]
    return names[day]


def days_label(days: list[int]) -> str:
    """Consecutive weekdays as words: "weekdays", "Saturday and Sunday", "Monday-Thursday"."""
    if days == [0, 1, 2, 3, 4, 5, 6]:
        return gettext("every day")
    if days == [0, 1, 2, 3, 4]:
        return gettext("weekdays")
    if len(days) == 1:
        return weekday_in_text(days[0])
    if len(days) == 2:
        return gettext("%(first)s and %(second)s") % {
            "first": weekday_in_text(days[0]),
            "second": weekday_in_text(days[1]),
        }
    return f"{weekday_in_text(days[0])}{DASH}{weekday_in_text(days[-1])}"
