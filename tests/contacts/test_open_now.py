"""Open or closed is computed in Moscow time, for an explicit moment, whatever the time zone of
the server, of Django's settings or of the visitor."""

import os
import time as systime
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from contacts.schedule import Interval, WeeklySchedule
from tests.contacts.factories import WEEKDAYS_9_TO_18, make_phone, msk
from tests.contacts.pages import text

# 27 November 2026 is a Friday.
FRIDAY, SATURDAY, SUNDAY, MONDAY = 27, 28, 29, 30
OFFICE = WeeklySchedule.build(always_open=False, intervals=WEEKDAYS_9_TO_18)
ROUND_THE_CLOCK = WeeklySchedule.build(always_open=True, intervals=())


def label(status, language="en"):
    with translation.override(language):
        return status.label


def test_the_office_is_open_on_friday_at_17_59_moscow_time():
    status = OFFICE.status_at(msk(2026, 11, FRIDAY, 17, 59))
    assert status.is_open
    assert label(status) == "Open now, until 18:00"


def test_the_office_is_closed_on_friday_at_18_00_and_opens_on_monday():
    status = OFFICE.status_at(msk(2026, 11, FRIDAY, 18, 0))
    assert not status.is_open
    assert status.opens_at == msk(2026, 11, MONDAY, 9, 0)
    assert label(status) == "Closed, opens Monday at 09:00"
    assert label(status, "ru") == "Закрыто, откроется в понедельник в 09:00"


@pytest.mark.parametrize("hour", [0, 9, 12, 23])
def test_the_office_is_closed_all_saturday(hour):
    status = OFFICE.status_at(msk(2026, 11, SATURDAY, hour, 30))
    assert not status.is_open
    assert label(status) == "Closed, opens Monday at 09:00"


def test_before_nine_on_a_weekday_the_office_opens_today():
    status = OFFICE.status_at(msk(2026, 11, MONDAY, 8, 59))
    assert not status.is_open
    assert label(status) == "Closed, opens today at 09:00"
    assert label(status, "ru") == "Закрыто, откроется сегодня в 09:00"


def test_the_office_opens_at_exactly_09_00():
    assert OFFICE.status_at(msk(2026, 11, MONDAY, 9, 0)).is_open


def test_on_a_weekday_evening_the_office_opens_next_morning():
    status = OFFICE.status_at(msk(2026, 12, 1, 20, 0))  # Tuesday
    assert label(status) == "Closed, opens Wednesday at 09:00"
    assert label(status, "ru") == "Закрыто, откроется в среду в 09:00"


@pytest.mark.parametrize(
    "moment",
    [
        msk(2026, 11, FRIDAY, 18, 0),
        msk(2026, 11, SATURDAY, 3, 0),
        msk(2026, 11, SUNDAY, 23, 59, 59),
        msk(2026, 11, MONDAY, 0, 0),
    ],
)
def test_round_the_clock_is_open_at_any_moment(moment):
    status = ROUND_THE_CLOCK.status_at(moment)
    assert status.is_open
    assert label(status) == "Open now"
    assert label(status, "ru") == "Открыто сейчас"


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (datetime(2026, 11, FRIDAY, 14, 59, tzinfo=UTC), True),  # 17:59 in Moscow
        (datetime(2026, 11, FRIDAY, 15, 0, tzinfo=UTC), False),  # 18:00 in Moscow
        # Already Saturday in Vladivostok, still Friday 17:59 in Moscow.
        (datetime(2026, 11, SATURDAY, 0, 59, tzinfo=ZoneInfo("Asia/Vladivostok")), True),
        # Still Friday in New York, already Saturday in Moscow.
        (datetime(2026, 11, FRIDAY, 17, 0, tzinfo=ZoneInfo("America/New_York")), False),
    ],
)
def test_a_moment_from_another_time_zone_is_read_in_moscow_time(moment, is_open):
    assert OFFICE.status_at(moment).is_open is is_open


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        OFFICE.status_at(datetime(2026, 11, FRIDAY, 17, 59))


def test_hours_past_midnight_run_on_into_the_next_day():
    late = WeeklySchedule.build(
        always_open=False,
        intervals=[Interval(4, time(20), time(0)), Interval(5, time(0), time(2))],
    )
    status = late.status_at(msk(2026, 11, FRIDAY, 23, 30))
    assert status.is_open
    assert label(status) == "Open now, until 02:00"
    assert not late.status_at(msk(2026, 11, SATURDAY, 2, 0)).is_open


def test_sunday_to_monday_wraps_around_the_week():
    weekend = WeeklySchedule.build(always_open=False, intervals=[Interval(0, time(10), time(11))])
    status = weekend.status_at(msk(2026, 11, MONDAY, 11, 0))
    assert label(status) == "Closed, opens Monday at 10:00"
    assert status.opens_at == msk(2026, 12, 7, 10, 0)


def test_no_hours_at_all_is_simply_closed():
    status = WeeklySchedule.build(always_open=False, intervals=[]).status_at(msk(2026, 11, 27))
    assert not status.is_open
    assert label(status) == "Closed"


def test_hours_are_described_in_words():
    with translation.override("en"):
        assert OFFICE.describe() == "Weekdays: 09:00–18:00; Saturday and Sunday: closed"
        assert ROUND_THE_CLOCK.describe() == "Round the clock, seven days a week"
    with translation.override("ru"):
        assert OFFICE.describe() == "Будни: 09:00–18:00; суббота и воскресенье: выходной"
        assert ROUND_THE_CLOCK.describe() == "Круглосуточно, без выходных"


def test_uneven_hours_are_described_day_by_day():
    schedule = WeeklySchedule.build(
        always_open=False,
        intervals=[
            *(Interval(day, time(9), time(13)) for day in range(4)),
            *(Interval(day, time(14), time(18)) for day in range(4)),
            Interval(4, time(9), time(16, 45)),
            Interval(6, time(10), time(0)),
        ],
    )
    with translation.override("en"):
        assert schedule.describe() == (
            "Monday–Thursday: 09:00–13:00, 14:00–18:00; Friday: 09:00–16:45; "
            "Saturday: closed; Sunday: 10:00–24:00"
        )


@pytest.fixture
def server_in_los_angeles(settings):
    """The process clock, Django's TIME_ZONE and the visitor's zone are all not Moscow."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/Los_Angeles"
    systime.tzset()
    settings.TIME_ZONE = "America/Los_Angeles"
    timezone.activate(ZoneInfo("Asia/Vladivostok"))
    yield
    timezone.deactivate()
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    systime.tzset()


@pytest.mark.django_db
@pytest.mark.usefixtures("server_in_los_angeles")
def test_the_page_shows_moscow_hours_on_a_server_in_another_time_zone(client, freeze_now):
    channel = make_phone(phone="8 800 200-00-59")
    assert systime.strftime("%Z") in {"PST", "PDT"}

    freeze_now(datetime(2026, 11, FRIDAY, 14, 59, tzinfo=UTC))  # 17:59 in Moscow
    body = text(client.get("/en/contacts/"))
    assert "Open now, until 18:00" in body
    assert channel.status_at(timezone.now()).is_open

    freeze_now(datetime(2026, 11, FRIDAY, 15, 0, tzinfo=UTC))  # 18:00 in Moscow
    body = text(client.get("/contacts/"))
    assert "Закрыто, откроется в понедельник в 09:00" in body
