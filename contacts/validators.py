"""Checks shared by the staff forms (messages next to the field) and the services (the last word
before a write): they import models and schedule helpers only, never the services."""

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from contacts.models import WaitLevel, Weekday
from contacts.schedule import Interval, find_overlaps

WEEK_HOURS = [(day, hour) for day in range(7) for hour in range(24)]


def overlap_errors(intervals: Iterable[Interval]) -> list[str]:
    """One readable message per pair of hours that overlap on the same day."""
    return [
        _("%(day)s: %(first)s overlaps %(second)s. Hours on the same day must not overlap.")
        % {"day": Weekday(first.weekday).label, "first": first, "second": second}
        for first, second in find_overlaps(intervals)
    ]


def wait_level_errors(levels: Mapping[tuple[int, int], object]) -> list[str]:
    """Messages for hours of the week without a valid wait level (1 to 4)."""
    valid = {str(v) for v in WaitLevel.values}
    errors = []
    for day, hour in WEEK_HOURS:
        value = levels.get((day, hour))
        if value is None or str(value).strip() == "":
            errors.append(
                _("%(day)s %(hour)s: choose a wait level.")
                % {"day": Weekday(day).label, "hour": f"{hour:02d}:00"}
            )
        elif str(value).strip() not in valid:
            errors.append(
                _("%(day)s %(hour)s: “%(value)s” is not a wait level; choose from 1 to 4.")
                % {"day": Weekday(day).label, "hour": f"{hour:02d}:00", "value": value}
            )
    if set(levels) - set(WEEK_HOURS):
        errors.append(_("Levels were given for hours that are not in a week."))
    return errors
