"""The support desk manager's page: figures, charts with their numbers, the CSV export."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.roles import SUPPORT_MANAGERS
from tests.staff import client_for, make_staff
from tests.tickets.factories import make_appeal
from tickets import services, stats
from tickets.models import Appeal, AppealEvent, SatisfactionRating

pytestmark = pytest.mark.django_db

STATS = "/admin/tickets/appeal/stats/"
EXPORT = "/admin/tickets/appeal/stats/export/"


@pytest.fixture
def manager(db):
    return make_staff("manager", roles=(SUPPORT_MANAGERS,))


@pytest.fixture
def manager_client(manager):
    return client_for(manager)


def _answered_after(appeal, hours, agent):
    """A first answer given `hours` after the appeal arrived."""
    start = timezone.now() - timedelta(days=2)
    Appeal.objects.filter(pk=appeal.pk).update(
        created_at=start,
        due_at=start + timedelta(hours=24),
        first_response_at=start + timedelta(hours=hours),
        status="waiting",
    )


def _resolved_after(appeal, hours, agent):
    services.appeal_update(appeal=appeal, by=agent, status="resolved")
    event = appeal.events.get(kind="status", new_value="resolved")
    AppealEvent.objects.filter(pk=event.pk).update(
        created_at=Appeal.objects.get(pk=appeal.pk).created_at + timedelta(hours=hours)
    )


def test_percentiles_interpolate_like_postgresql():
    assert stats.percentile_cont([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert stats.percentile_cont([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
    assert stats.percentile_cont([], 0.5) is None


def test_the_manager_sees_backlog_overdue_and_answer_times(topic, manager, manager_client):
    appeals = [make_appeal(topic, subject=f"Обращение {n}") for n in range(4)]
    for appeal, hours in zip(appeals, (1, 2, 3, 4), strict=True):
        _answered_after(appeal, hours, manager)
    _resolved_after(appeals[0], 5, manager)
    overdue = make_appeal(topic)
    Appeal.objects.filter(pk=overdue.pk).update(
        created_at=timezone.now() - timedelta(days=3), due_at=timezone.now() - timedelta(days=2)
    )
    page = manager_client.get(STATS).content.decode()
    assert "Показатели поддержки" in page
    # Times: 1-4 h over both periods: median 2 h 30 min, 90th percentile 3 h 42 min.
    assert page.count("<td>2 ч 30 мин</td><td>3 ч 42 мин</td>") == 2
    assert page.count("<td>5 ч 0 мин</td><td>5 ч 0 мин</td>") == 2
    assert re.search(r'class="tickets-first-overdue">1<', page)
    # Nothing is past its legal deadline (15 working days), and nobody has rated yet.
    assert 'class="tickets-legal-overdue">0<' in page
    assert "Средняя оценка: — (0 оценок)" in page
    # Backlog by status, as a chart and as a table: resolved appeals are not in it.
    assert '<th scope="row">Новое</th><td>1</td>' in page
    assert '<th scope="row">Ждёт ответа клиента</th><td>3</td>' in page
    # Status, topic, ratings and appeals per day.
    assert page.count('role="img"') == 4
    # Coordinates are numbers an SVG reader understands, whatever the language's decimal comma.
    charts = "".join(re.findall(r'<figure class="tickets-chart">.*?</figure>', page, re.S))
    coordinates = re.findall(r' (?:x|y|width|height)="([^"]*)"', charts)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
    assert "<title>Открытые обращения по статусам</title>" in page
    assert f'<th scope="row">{topic}</th><td>4</td>' in page


def test_only_staff_allowed_to_see_the_figures_reach_the_page(agent_client, manager_client):
    assert agent_client.get(STATS).status_code == 403
    assert agent_client.get(EXPORT + "?since=2026-01-01&until=2026-01-31").status_code == 403
    assert manager_client.get(STATS).status_code == 200
    assert "Показатели поддержки" in manager_client.get("/admin/").content.decode()


def _export(client, **params):
    today = timezone.localdate()
    query = {"since": str(today - timedelta(days=1)), "until": str(today), **params}
    response = client.get(EXPORT, query)
    assert response.status_code == 200, response
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_export_has_personal_columns_only_for_staff_allowed_to_export_them(
    topic, manager_client
):
    appeal = make_appeal(topic, name='=HYPERLINK("http://evil")', email="anna@example.org")
    rows = _export(manager_client)
    assert rows[0][-5:] == ["name", "email", "phone", "wallet", "subject"]
    assert rows[1][0] == appeal.reference
    assert rows[1][9] == '\'=HYPERLINK("http://evil")'
    assert "anna@example.org" in rows[1]

    no_personal = make_staff(
        "figures_only", permissions=("tickets.view_desk_stats", "tickets.view_appeal")
    )
    rows = _export(client_for(no_personal))
    assert "email" not in rows[0]
    assert rows[1][0] == appeal.reference
    assert not any("anna@example.org" in cell for row in rows for cell in row)


def test_each_export_is_logged_with_who_the_period_and_whether_personal_data_left(
    topic, manager, manager_client, caplog
):
    make_appeal(topic, name="Анна Петрова", email="anna@example.org")
    today = timezone.localdate()
    with caplog.at_level("INFO", logger="tickets.export"):
        _export(manager_client)
        no_personal = make_staff(
            "figures_only", permissions=("tickets.view_desk_stats", "tickets.view_appeal")
        )
        _export(client_for(no_personal))
    first, second = [r.getMessage() for r in caplog.records if r.name == "tickets.export"]
    assert first.startswith(f"Appeals exported by manager (user id {manager.pk}): received ")
    assert first.endswith(f"to {today.isoformat()}, with personal data")
    assert second.startswith("Appeals exported by figures_only")
    assert second.endswith("without personal data")
    assert not any("anna" in m.lower() or "Анна" in m for m in (first, second))


def test_a_bad_export_period_says_so_instead_of_failing(manager_client):
    response = manager_client.get(
        EXPORT, {"since": "2026-02-10", "until": "2026-02-01"}, follow=True
    )
    assert "Выгрузка не сделана: Начало периода позже его конца." in response.content.decode()
    response = manager_client.get(EXPORT, {"since": "вчера\x00", "until": ""}, follow=True)
    assert "Выгрузка не сделана" in response.content.decode()


def test_the_manager_sees_legal_overdue_and_satisfaction(topic, manager_client):
    late, on_time, closed = make_appeal(topic), make_appeal(topic), make_appeal(topic)
    past = timezone.now() - timedelta(hours=1)
    Appeal.objects.filter(pk__in=[late.pk, closed.pk]).update(legal_due_at=past)
    Appeal.objects.filter(pk=closed.pk).update(status="closed")
    for appeal, score in [(late, 5), (on_time, 4), (closed, 1)]:
        SatisfactionRating.objects.create(appeal=appeal, score=score)
    assert stats.legal_overdue_count() == 1
    figures = stats.satisfaction()
    assert (figures["total"], round(figures["average"], 2)) == (3, 3.33)
    assert dict(figures["distribution"]) == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 1}
    page = manager_client.get(STATS).content.decode()
    assert "3,33" in page or "3.33" in page


def test_appeals_per_day_counts_moscow_days_with_zeros(topic):
    make_appeal(topic)
    days = stats.appeals_per_day(days=30)
    assert len(days) == 30
    assert days[-1] == (timezone.localtime(timezone.now(), stats.MOSCOW).date(), 1)
    assert sum(n for _, n in days) == 1


@pytest.mark.parametrize(
    "period",
    [("2026-01-01", "9999-12-31"), ("0001-01-01", "0001-01-02"), ("1812-09-07", "1812-09-08")],
)
def test_an_export_period_beyond_any_appeal_says_so_instead_of_failing(manager_client, period):
    since, until = period
    response = manager_client.get(EXPORT, {"since": since, "until": until}, follow=True)
    assert response.status_code == 200
    assert "Выгрузка не сделана: Выберите дни с 01.01.2000 по 31.12.2099." in (
        response.content.decode()
    )
