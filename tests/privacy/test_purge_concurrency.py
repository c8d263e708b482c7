"""Several hosts running the daily purge at the same moment: each appeal is erased once, and
the destruction records together count every appeal exactly once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from privacy import retention
from privacy.models import DestructionRecord
from tests.threads import run_at_once
from tests.tickets.factories import make_appeal
from tickets.models import Appeal, AppealEvent, Status
from tickets.models.thread import EventKind

RUNNERS = 4
DUE = 40


@pytest.mark.django_db(transaction=True)
def test_parallel_purges_erase_every_due_appeal_exactly_once(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    from tickets import content

    settings.MEDIA_ROOT = str(tmp_path)
    content.load()
    topic = content.Topic.objects.get(slug="payments")
    long_ago = timezone.now() - timedelta(days=settings.PRIVACY_APPEAL_RETENTION_DAYS + 5)
    for n in range(DUE):
        appeal = make_appeal(topic, email=f"p{n}@example.org")
        AppealEvent.objects.create(
            appeal=appeal, kind=EventKind.STATUS, new_value=Status.CLOSED, old_value="new"
        )
    Appeal.objects.update(status=Status.CLOSED)
    AppealEvent.objects.filter(kind=EventKind.STATUS).update(created_at=long_ago)
    reports = run_at_once(RUNNERS, lambda _n: retention.purge(batch=3))
    erased = [reference for report in reports for reference in report.appeals]
    assert sorted(erased) == sorted(Appeal.objects.values_list("reference", flat=True))
    assert len(erased) == DUE
    assert sum(DestructionRecord.objects.values_list("appeals_count", flat=True)) == DUE
    assert not Appeal.objects.filter(anonymised_at=None).exists()
