"""The "When to call" heat map: a real table, levels in words, the current Moscow hour marked."""

from datetime import UTC, datetime
from statistics import mean

import pytest

from contacts.content import WAIT_PROFILE
from contacts.models import WaitProfile
from tests.contacts.factories import msk
from tests.contacts.pages import heat_map, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shipped_content")]

WEEKDAYS_RU = ["Понедельник", "Вторник", "Среда", "Четверг", "Пятница", "Суббота", "Воскресенье"]


def test_the_heat_map_is_a_table_with_caption_and_headers(client, freeze_now):
    freeze_now(msk(2026, 12, 1, 12, 0))
    table = heat_map(client.get("/contacts/"))
    assert "Ожидание ответа на линии 8 800 707-77-59" in table.caption
    header, *rows = table.rows
    assert [c["text"] for c in header[1:]] == [f"{h:02d}:00" for h in range(24)]
    assert all(c["tag"] == "th" and c["attrs"]["scope"] == "col" for c in header[1:])
    assert [row[0]["text"].split(" (")[0] for row in rows] == WEEKDAYS_RU
    assert all(row[0]["attrs"]["scope"] == "row" for row in rows)
    # Every hour says its level in words, not only in colour.
    monday = rows[0]
    assert monday[8]["text"] == "короткое"  # 07:00
    assert monday[20]["text"] == "долгое"  # 19:00
    assert rows[5][21]["text"] == "очень долгое"  # Saturday 20:00


def test_the_current_moscow_hour_is_marked(client, freeze_now):
    # 17:15 UTC on Saturday is 20:15 in Moscow.
    freeze_now(datetime(2026, 11, 28, 17, 15, tzinfo=UTC))
    response = client.get("/en/contacts/")
    table = heat_map(response)
    marked = [
        (row_index, cell_index)
        for row_index, row in enumerate(table.rows)
        for cell_index, cell in enumerate(row)
        if cell["attrs"].get("aria-current") == "time"
    ]
    assert marked == [(6, 21)]  # the Saturday row, the 20:00 column
    cell = table.rows[6][21]
    assert "heat--now" in cell["attrs"]["class"]
    assert cell["text"] == "very long (now)"
    assert table.rows[6][0]["text"] == "Saturday (today)"
    body = text(response)
    assert "Now it is Saturday, 20:15 in Moscow: the expected wait is very long." in body


def test_the_text_alternative_sums_up_the_week_and_today(client, freeze_now):
    freeze_now(msk(2026, 12, 1, 12, 0))
    body = text(client.get("/contacts/"))
    assert WAIT_PROFILE["summary_ru"] in body
    assert 'aria-describedby="wait-summary"' in body
    assert "Сейчас в Москве вторник, 12:00: ожидание ответа — среднее." in body
    assert "Сегодня быстрее всего дозвониться в 07:00–12:00." in body


def test_the_shipped_wait_pattern_says_what_the_seed_says():
    levels = WaitProfile.objects.get().level_map()

    def day(d):
        return [levels[(d, h)] for h in range(24)]

    averages = [mean(day(d)) for d in range(7)]
    assert max(averages) == averages[5]  # Saturday is the busiest day
    assert min(averages) == averages[6]  # Sunday is among the quickest
    for d in range(7):
        longest = [h for h in range(24) if levels[(d, h)] == max(day(d))]
        assert longest == [19, 20, 21]  # longest from 19:00 to 22:00
    for d in range(5):
        assert all(levels[(d, h)] == 1 for h in range(7, 12))  # weekday mornings: shortest


def test_a_hidden_wait_profile_is_not_shown(client):
    WaitProfile.objects.update(is_published=False)
    body = client.get("/contacts/").content.decode()
    assert "heat-map" not in body
    assert 'href="#when-to-call"' not in body
