"""Staff see in the outbox admin how long the oldest unsent e-mail has waited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tickets.factories import make_appeal
from tickets.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_a_late_outbox_is_a_warning_on_its_admin_page(topic, admin_client):
    make_appeal(topic)
    OutboxEmail.objects.update(created_at=timezone.now() - timedelta(hours=2))
    page = admin_client.get("/admin/tickets/outboxemail/").content.decode()
    assert "Самое старое неотправленное письмо написано 2\xa0часа назад" in page
    assert 'class="warning"' in page


def test_nothing_waiting_means_no_notice(topic, admin_client):
    make_appeal(topic)
    OutboxEmail.objects.update(state="sent")
    page = admin_client.get("/admin/tickets/outboxemail/").content.decode()
    assert "неотправленное письмо" not in page
