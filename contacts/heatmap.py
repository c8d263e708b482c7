"""The "When to call" heat map: wait levels by weekday and hour, with the current hour marked."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from contacts.models import WaitLevel, WaitProfile, Weekday
from contacts.schedule import DASH, to_moscow, weekday_in_text


@dataclass(frozen=True)
class Cell:
    hour: int
    level: int | None
    label: str
    is_now: bool


@dataclass(frozen=True)
class Row:
    weekday: int
    label: str
    is_today: bool
    cells: list[Cell]


@dataclass(frozen=True)
class HourRow:
    """One hour across the week: the narrow-screen table, which has hours as rows."""

    label: str
    is_now: bool
    cells: list[Cell]


@dataclass(frozen=True)
class HeatMap:
    profile: WaitProfile
    rows: list[Row]
    # (abbreviation, full name, is today) for the narrow table's column headers.
    days: list[tuple[str, str, bool]]
    by_hour: list[HourRow]
    hours: list[str]
    legend: list[tuple[int, str]]
    now_text: str
    best_today_text: str


def _runs(hours: list[int]) -> list[tuple[int, int]]:
    """[7, 8, 9, 13] -> [(7, 10), (13, 14)]: consecutive hours as half-open ranges."""
    runs: list[tuple[int, int]] = []
    for hour in hours:
        if runs and runs[-1][1] == hour:
            runs[-1] = (runs[-1][0], hour + 1)
        else:
            runs.append((hour, hour + 1))
    return runs


def build(profile: WaitProfile, moment: datetime) -> HeatMap:
    now = to_moscow(moment)
    levels = profile.level_map()
    labels = dict(WaitLevel.choices)
    rows = [
        Row(
            weekday=day,
            label=str(day_label),
            is_today=day == now.weekday(),
            cells=[
                Cell(
                    hour=hour,
                    level=levels.get((day, hour)),
                    label=str(labels.get(levels.get((day, hour)), _("no data"))),
                    is_now=(day, hour) == (now.weekday(), now.hour),
                )
                for hour in range(24)
            ],
        )
        for day, day_label in Weekday.choices
    ]
    current = levels.get((now.weekday(), now.hour))
    if current is None:
        now_text = ""
    else:
        now_text = _("Now it is %(day)s, %(time)s in Moscow: the expected wait is %(level)s.") % {
            "day": weekday_in_text(now.weekday()),
            "time": f"{now:%H:%M}",
            "level": labels[current],
        }
    today = {h: levels[(now.weekday(), h)] for h in range(24) if (now.weekday(), h) in levels}
    best_today_text = ""
    if today:
        lowest = min(today.values())
        runs = _runs([hour for hour in range(24) if today.get(hour) == lowest])
        spans = ", ".join(f"{start:02d}:00{DASH}{end:02d}:00" for start, end in runs)
        best_today_text = _("Today the wait is shortest at %(hours)s.") % {"hours": spans}
    by_hour = [
        HourRow(
            label=f"{hour:02d}:00",
            is_now=hour == now.hour,
            cells=[row.cells[hour] for row in rows],
        )
        for hour in range(24)
    ]
    return HeatMap(
        profile=profile,
        rows=rows,
        days=[(str(WEEKDAYS_ABBR[row.weekday]), row.label, row.is_today) for row in rows],
        by_hour=by_hour,
        hours=[f"{hour:02d}" for hour in range(24)],
        legend=[(value, str(label)) for value, label in WaitLevel.choices],
        now_text=now_text,
        best_today_text=best_today_text,
    )
