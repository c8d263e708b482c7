"""The search report editors read in admin, its CSV, and folding old rows into daily counts."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from insights.models import ReadBeforeAppeal, SearchDay, SearchRecord
from tests.faq.factories import make_article

pytestmark = pytest.mark.django_db
URL = "/admin/insights/searchrecord/"


def _searched(query, *, days_ago=0, results=1, opened=None, appeal=False, times=1):
    created = (timezone.now() - timedelta(days=days_ago)).replace(minute=0, second=0, microsecond=0)
    for _ in range(times):
        SearchRecord.objects.create(
            query=query,
            language="ru",
            source="header",
            results=results,
            opened_article=opened,
            led_to_appeal=appeal,
            created=created,
        )


@pytest.fixture
def log():
    article = make_article(title_ru="Платёж не прошёл")
    _searched("платеж", times=4, opened=article)
    _searched("платеж", days_ago=9, times=1)  # the previous 7 days: trend +3
    _searched("квитанцея", results=0, times=3)
    _searched("комиссия", times=2)  # found, never opened
    _searched("вход", times=1, appeal=True)
    ReadBeforeAppeal.objects.create(day=timezone.localdate(), article=article, appeals=2)
    return article


def _table(page, caption):
    part = page.split(f"<h2>{caption}</h2>", 1)[1].split("<h2>", 1)[0]
    return [
        [cell.split(">", 1)[1].split("<", 1)[0] for cell in row.split("<td")[1:]]
        for row in part.split("<tr>")[2:]
    ]


def test_editors_see_top_queries_no_results_unopened_and_read_before_appeal(
    content_editor_client, log
):
    page = content_editor_client.get(URL).content.decode()
    assert "Что ищут посетители" in page
    top = _table(page, "Популярные запросы")
    assert top[0] == ["платеж", "ru", "4", "+3", "4", "0"]
    assert ["вход", "ru", "1", "+1", "0", "1"] in top
    assert _table(page, "Запросы без результатов") == [["квитанцея", "ru", "3", "+3", "0", "0"]]
    assert _table(page, "Запросы, результаты которых никто не открывает") == [
        ["комиссия", "ru", "2", "+2", "0", "0"]
    ]
    assert "Платёж не прошёл" in page.split("Статьи, которые чаще всего читают перед обращением")[1]


def test_the_30_day_report_counts_the_older_search_too(content_editor_client, log):
    page = content_editor_client.get(URL, {"days": "30"}).content.decode()
    assert _table(page, "Популярные запросы")[0][:4] == ["платеж", "ru", "5", "+5"]


def test_the_csv_has_every_table(content_editor_client, log):
    response = content_editor_client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["таблица", "запрос или статья", "язык", "количество"]
    assert ["популярные запросы", "платеж", "ru", "4", "3", "4", "4", "0"] in rows
    assert ["без результатов", "квитанцея", "ru", "3", "3", "0", "0", "0"] in rows
    assert ["результаты никто не открывает", "комиссия", "ru", "2", "2", "2", "0", "0"] in rows
    assert ["читали перед обращением", "Платёж не прошёл", "", "2", "2", "", "", ""] in rows


def test_agents_cannot_see_the_report_and_nobody_edits_the_log(agent_client, content_editor_client):
    assert agent_client.get(URL).status_code == 403
    assert content_editor_client.get(reverse("admin:insights_searchrecord_add")).status_code == 403


# --- aggregation ------------------------------------------------------------------------------


def test_old_rows_become_daily_counts_and_the_report_still_shows_them(
    content_editor_client, settings
):
    settings.INSIGHTS_SEARCH_RAW_DAYS = 3
    article = make_article()
    _searched("платеж", days_ago=5, times=2, opened=article)
    _searched("платеж", days_ago=5, results=0, appeal=True)
    _searched("платеж", days_ago=1)  # recent: stays raw

    out = io.StringIO()
    call_command("aggregate_search_log", stdout=out)
    assert "3 searches folded" in out.getvalue()
    call_command("aggregate_search_log", stdout=out)  # a second run finds nothing to fold

    day = SearchDay.objects.get()
    expected_day = timezone.localdate() - timedelta(days=5)
    assert (day.day, day.query, day.searches, day.with_results, day.opened, day.appeals) == (
        expected_day, "платеж", 3, 2, 2, 1,
    )  # fmt: skip
    assert SearchRecord.objects.count() == 1
    page = content_editor_client.get(URL).content.decode()
    assert _table(page, "Популярные запросы")[0][:3] == ["платеж", "ru", "4"]


def test_daily_counts_are_deleted_after_the_keep_period(settings):
    settings.INSIGHTS_SEARCH_KEEP_DAYS = 100
    old = timezone.localdate() - timedelta(days=101)
    SearchDay.objects.create(day=old, query="старое", language="ru", searches=1)
    article = make_article()
    ReadBeforeAppeal.objects.create(day=old, article=article, appeals=1)
    SearchDay.objects.create(
        day=timezone.localdate() - timedelta(days=99), query="x", language="ru"
    )
    call_command("aggregate_search_log", stdout=io.StringIO())
    assert list(SearchDay.objects.values_list("query", flat=True)) == ["x"]
    assert not ReadBeforeAppeal.objects.exists()


def test_folding_adds_to_a_day_already_folded():
    day = timezone.localdate() - timedelta(days=40)
    SearchDay.objects.create(day=day, query="платеж", language="ru", searches=5, with_results=5)
    created = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=12)
    SearchRecord.objects.create(
        query="платеж", language="ru", source="help", results=0, created=created
    )
    call_command("aggregate_search_log", stdout=io.StringIO())
    row = SearchDay.objects.get()
    assert (row.searches, row.with_results) == (6, 5)
