"""Appeals filed while a notice concerns their topic are tagged, and agents find them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from core.cache import VERSION_KEY, content_version
from tests.notices.factories import make_notice
from tests.tickets.factories import appeal_form_data, form_token, make_appeal
from tickets.models import Appeal
from tickets.signals import appeal_filed

pytestmark = pytest.mark.django_db


def test_an_appeal_sent_through_the_form_about_a_concerned_topic_is_tagged(payments):
    notice = make_notice(topics=[payments])
    client = Client()
    token = form_token(client.get("/appeal/").content.decode())
    response = client.post("/appeal/", appeal_form_data(payments, form_token=token))
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert list(appeal.notices.all()) == [notice]


def test_appeals_on_other_topics_or_outside_the_window_are_not_tagged(payments, sms):
    make_notice(topics=[payments])
    make_notice(
        topics=[sms],
        ends_at=timezone.now() - timedelta(seconds=1),
        starts_at=timezone.now() - timedelta(hours=1),
    )
    make_notice(topics=[sms], starts_at=timezone.now() + timedelta(hours=1))
    make_notice(topics=[sms], is_published=False)
    appeal = make_appeal(topic=sms)
    assert appeal.notices.count() == 0


def test_a_notice_about_every_topic_tags_every_appeal(sms):
    notice = make_notice()
    assert list(make_appeal(topic=sms).notices.all()) == [notice]


def test_tagging_an_appeal_keeps_the_cached_pages(payments):
    make_notice(topics=[payments])
    before = content_version()
    make_appeal(topic=payments)
    assert cache.get(VERSION_KEY) == before


def test_agents_filter_the_appeal_list_by_notice(payments, sms, agent_client):
    notice = make_notice(topics=[payments])
    make_appeal(topic=payments, subject="Платёж завис")
    make_appeal(topic=sms, subject="Нет СМС")
    page = agent_client.get(f"/admin/tickets/appeal/?notices__id__exact={notice.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Платёж завис" in body
    assert "Нет СМС" not in body


def test_the_notice_admin_links_agents_to_its_appeals(payments, agent_client):
    notice = make_notice(topics=[payments])
    make_appeal(topic=payments)
    make_appeal(topic=payments)
    body = agent_client.get(f"/admin/notices/notice/{notice.pk}/change/").content.decode()
    assert f"/admin/tickets/appeal/?notices__id__exact={notice.pk}" in body
    assert "2 обращения" in body


def test_a_failing_listener_never_costs_the_visitor_the_appeal(payments):
    def broken(sender, **kwargs):
        raise RuntimeError("a listener's own bug")

    notice = make_notice(topics=[payments])
    appeal_filed.connect(broken, dispatch_uid="test:broken")
    try:
        appeal = make_appeal(topic=payments)
    finally:
        appeal_filed.disconnect(dispatch_uid="test:broken")
    assert Appeal.objects.filter(pk=appeal.pk).exists()
    assert list(appeal.notices.all()) == [notice]


def test_the_signal_carries_the_appeal_and_the_visitors_request(payments):
    received = []

    def listen(sender, appeal, request, **kwargs):
        received.append((appeal.reference, request.path))

    appeal_filed.connect(listen, dispatch_uid="test:listen")
    try:
        client = Client()
        token = form_token(client.get("/appeal/").content.decode())
        client.post("/appeal/", appeal_form_data(payments, form_token=token))
        client.post("/appeal/", appeal_form_data(payments, form_token=token))  # a second click
    finally:
        appeal_filed.disconnect(dispatch_uid="test:listen")
    assert received == [(Appeal.objects.get().reference, "/appeal/")]


def test_a_listener_that_breaks_the_transaction_never_costs_the_appeal(payments):
    from django.db import connection

    def breaks_the_transaction(sender, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table_at_all")

    appeal_filed.connect(breaks_the_transaction, dispatch_uid="test:breaks")
    try:
        appeal = make_appeal(topic=payments)
    finally:
        appeal_filed.disconnect(dispatch_uid="test:breaks")
    appeal.refresh_from_db()
    assert appeal.reference
    assert appeal.emails.exists()  # its confirmation is queued too
