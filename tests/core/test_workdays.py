"""The production calendar: holidays, transferred days off, working Saturdays, staff exceptions."""

from datetime import UTC, date, datetime

import pytest

from core.models import CalendarException
from core.workdays import (
    add_working_days,
    end_of_day,
    is_working_day,
    moscow_date,
    working_days_between,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_new_year_holidays_and_weekends_are_days_off():
    assert not is_working_day(date(2027, 1, 1))
    assert not is_working_day(date(2027, 1, 8))
    assert not is_working_day(date(2027, 1, 9))  # Saturday
    assert is_working_day(date(2027, 1, 11))  # Monday after the holidays


def test_a_transferred_day_off_is_a_day_off():
    # 31 December 2026 is a Thursday, made a day off in place of Sunday 4 January 2026.
    assert not is_working_day(date(2026, 12, 31))
    # 5 November 2027, a Friday, in place of Saturday 2 January 2027.
    assert not is_working_day(date(2027, 11, 5))


def test_a_working_saturday_is_a_working_day():
    # Saturday 20 February 2027 is worked; Monday 22 February is off instead.
    assert is_working_day(date(2027, 2, 20))
    assert not is_working_day(date(2027, 2, 22))
    assert is_working_day(date(2025, 11, 1))


def test_counting_starts_the_day_after_and_skips_the_new_year():
    # Received Tuesday 29 December 2026: 30 Dec is day 1, 31 Dec and 1-10 Jan are off.
    assert add_working_days(date(2026, 12, 29), 1) == date(2026, 12, 30)
    assert add_working_days(date(2026, 12, 29), 2) == date(2027, 1, 11)
    assert add_working_days(date(2026, 12, 29), 15) == date(2027, 1, 28)
    assert add_working_days(date(2026, 12, 29), 0) == date(2026, 12, 29)


def test_counting_across_a_working_saturday():
    # Friday 19 Feb 2027 + 1: Saturday the 20th is worked.
    assert add_working_days(date(2027, 2, 19), 1) == date(2027, 2, 20)
    # ... and + 2 skips Sunday and the transferred Monday 22nd.
    assert add_working_days(date(2027, 2, 19), 2) == date(2027, 2, 24)


def test_working_days_between_is_the_inverse_of_adding():
    start = date(2026, 12, 29)
    assert working_days_between(start, date(2027, 1, 28)) == 15
    assert working_days_between(start, date(2027, 1, 10)) == 1
    assert working_days_between(start, start) == 0
    assert working_days_between(date(2027, 1, 28), start) == 0


def test_a_staff_exception_wins_over_the_package_and_is_seen_at_once():
    monday = date(2027, 1, 11)
    assert add_working_days(date(2026, 12, 29), 2) == monday
    CalendarException.objects.create(date=monday, is_working_day=False, note="Regional day off")
    assert not is_working_day(monday)
    assert add_working_days(date(2026, 12, 29), 2) == date(2027, 1, 12)

    saturday = date(2027, 1, 9)
    CalendarException.objects.create(date=saturday, is_working_day=True, note="Decree No. 1")
    assert add_working_days(date(2026, 12, 29), 2) == saturday

    CalendarException.objects.get(date=saturday).delete()
    assert not is_working_day(saturday)
    CalendarException.objects.filter(date=monday).delete()  # the admin's bulk delete does this
    assert is_working_day(monday)


def test_moscow_dates_and_the_end_of_a_day():
    # 21:30 UTC on the 29th is already 00:30 on the 30th in Moscow.
    assert moscow_date(datetime(2026, 12, 29, 21, 30, tzinfo=UTC)) == date(2026, 12, 30)
    end = end_of_day(date(2027, 1, 28))
    assert (end.hour, end.minute, end.second, end.microsecond) == (23, 59, 59, 999999)
    assert end.utcoffset().total_seconds() == 3 * 3600
