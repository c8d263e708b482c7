"""The legal clock: 15 working days on the Russian production calendar, extendable once."""

from datetime import UTC, date, datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps

from core.models import CalendarException
from core.workdays import MOSCOW
from tests.staff import client_for
from tests.tickets.factories import make_appeal
from tickets import services
from tickets.models import Appeal, OutboxEmail

pytestmark = pytest.mark.django_db


def _moscow(*args):
    return datetime(*args, tzinfo=MOSCOW)


def _file_at(moment, topic, **fields):
    with time_machine.travel(moment, tick=False):
        return make_appeal(topic, **fields)


def test_an_appeal_received_before_new_year_is_due_after_the_january_holidays(topic):
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic)
    # 30 Dec is day 1; 31 Dec (transferred) and 1-10 Jan are off; day 15 is Thursday 28 Jan.
    assert appeal.legal_due_at == _moscow(2027, 1, 28, 23, 59, 59, 999999)


def test_the_day_of_receipt_is_moscow_time_and_never_counts(topic):
    # 21:30 UTC on Monday 1 Feb 2027 is already Tuesday 2 Feb in Moscow.
    appeal = _file_at(datetime(2027, 2, 1, 21, 30, tzinfo=UTC), topic)
    # From Wed 3 Feb: 3,4,5, 8-12, 15-19 (13 days), Sat 20 worked (14), Mon 22 off, Tue 23 off
    # (Defender of the Fatherland Day), Wed 24 Feb is day 15.
    assert appeal.legal_due_at.astimezone(MOSCOW).date() == date(2027, 2, 24)


def test_a_staff_calendar_exception_moves_the_deadline(topic):
    CalendarException.objects.create(date=date(2027, 1, 11), is_working_day=False, note="Regional")
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic)
    assert appeal.legal_due_at.astimezone(MOSCOW).date() == date(2027, 1, 29)


def test_the_settings_decide_the_number_of_days(topic, settings):
    settings.TICKETS_LEGAL_WORKING_DAYS = 1
    appeal = _file_at(_moscow(2026, 12, 30, 9, 0), topic)
    assert appeal.legal_due_at.astimezone(MOSCOW).date() == date(2027, 1, 11)


def test_the_deadline_is_extended_once_and_the_visitor_is_told(topic, agent, agent_client):
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic)
    url = f"/admin/tickets/appeal/{appeal.pk}/extend/"
    page = agent_client.get(url).content.decode()
    assert "28 января 2027" in page and "11 февраля 2027" in page

    response = agent_client.post(url, {"reason": "Ждём ответа банка-эквайера."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.legal_due_at == _moscow(2027, 2, 11, 23, 59, 59, 999999)
    assert appeal.legal_extension_reason == "Ждём ответа банка-эквайера."
    notice = OutboxEmail.objects.get(appeal=appeal, kind="legal_extension")
    assert "Ждём ответа банка-эквайера." in notice.body
    assert "11 февраля 2027" in notice.body
    event = appeal.events.get(kind="legal_extended")
    assert (event.actor, event.old_value, event.new_value) == (agent, "2027-01-28", "2027-02-11")

    change = agent_client.get(f"/admin/tickets/appeal/{appeal.pk}/change/").content.decode()
    assert "11 февраля 2027" in change and "Ждём ответа банка-эквайера." in change

    # A second time: refused with a clear message, nothing changes, nothing is sent.
    again = agent_client.post(url, {"reason": "Ещё раз"}, follow=True).content.decode()
    assert "уже продлевали" in again
    appeal.refresh_from_db()
    assert appeal.legal_due_at == _moscow(2027, 2, 11, 23, 59, 59, 999999)
    assert OutboxEmail.objects.filter(kind="legal_extension").count() == 1
    with pytest.raises(services.AlreadyExtended):
        services.appeal_extend_deadline(appeal=appeal, reason="x", actor=agent)


def test_an_extension_needs_a_reason(topic, agent_client):
    appeal = make_appeal(topic)
    response = agent_client.post(f"/admin/tickets/appeal/{appeal.pk}/extend/", {"reason": "  "})
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.legal_extended_at is None


def test_the_english_notice_is_in_english(topic, agent):
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic, language="en")
    services.appeal_extend_deadline(appeal=appeal, reason="Waiting for the bank.", actor=agent)
    body = OutboxEmail.objects.get(kind="legal_extension").body
    assert "We need more time to answer" in body and "11 February 2027" in body


def test_the_visitor_page_shows_the_date_to_answer_by(client, topic):
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic)
    page = client.get(appeal.get_absolute_url()).content.decode()
    assert "Ответим до" in page and "28 января 2027" in page


def test_the_queue_shows_and_filters_by_the_legal_deadline(topic, agent):
    old = _file_at(_moscow(2026, 12, 1, 10, 0), topic, subject="Старое")
    soon = _file_at(_moscow(2027, 1, 1, 10, 0), topic, subject="Скоро")
    fresh = _file_at(_moscow(2027, 1, 27, 10, 0), topic, subject="Свежее")
    resolved = _file_at(_moscow(2026, 11, 2, 10, 0), topic, subject="Решено давно")
    Appeal.objects.filter(pk=resolved.pk).update(status="resolved")
    # Thursday 28 Jan 2027: "old" ended 22 Dec; "soon" ends on Friday 29 Jan (within 2 days).
    with time_machine.travel(_moscow(2027, 1, 28, 12, 0), tick=False):
        agent_client = client_for(agent)
        listing = agent_client.get("/admin/tickets/appeal/").content.decode()
        assert "22 декабря 2026" in listing
        overdue = agent_client.get("/admin/tickets/appeal/?legal=overdue").content.decode()
        due_soon = agent_client.get("/admin/tickets/appeal/?legal=soon").content.decode()
    assert old.subject in overdue
    assert soon.subject not in overdue and fresh.subject not in overdue
    assert resolved.subject not in overdue  # the clock stops once support has resolved it
    assert soon.subject in due_soon
    assert old.subject not in due_soon and fresh.subject not in due_soon


def test_the_migration_fills_the_deadline_of_existing_appeals(topic):
    appeal = _file_at(_moscow(2026, 12, 29, 10, 0), topic)
    Appeal.objects.filter(pk=appeal.pk).update(legal_due_at=None)
    fill = import_module("tickets.migrations.0010_fill_legal_due_and_status_changed").fill
    fill(django_apps, None)
    appeal.refresh_from_db()
    assert appeal.legal_due_at == _moscow(2027, 1, 28, 23, 59, 59, 999999)


def test_agents_may_add_calendar_exceptions(agent_client):
    response = agent_client.post(
        "/admin/core/calendarexception/add/",
        {"date": "2027-01-11", "is_working_day": "", "note": "Указ губернатора"},
    )
    assert response.status_code == 302
    assert CalendarException.objects.get().is_working_day is False


def test_content_editors_may_not_touch_the_calendar(content_editor_client):
    assert content_editor_client.get("/admin/core/calendarexception/").status_code == 403
