"""Several hosts running aggregate_search_log at the same moment: every old search is counted
exactly once in the daily counts, and none is left behind."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from insights import services
from insights.models import SearchDay, SearchRecord
from tests.threads import run_at_once

RUNNERS = 4
OLD = 120


@pytest.mark.django_db(transaction=True)
def test_parallel_runs_fold_every_old_search_exactly_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writer; concurrency is tested on PostgreSQL")
    long_ago = (timezone.now() - timedelta(days=settings.INSIGHTS_SEARCH_RAW_DAYS + 3)).replace(
        minute=0, second=0, microsecond=0
    )
    SearchRecord.objects.bulk_create(
        SearchRecord(
            query=f"запрос {n % 7}", language="ru", source="help", results=n % 2, created=long_ago
        )
        for n in range(OLD)
    )
    folded = run_at_once(RUNNERS, lambda _n: services.aggregate(batch=5)[0])
    assert sum(folded) == OLD
    assert not SearchRecord.objects.exists()
    totals = SearchDay.objects.aggregate(searches=Sum("searches"), found=Sum("with_results"))
    assert totals == {"searches": OLD, "found": OLD // 2}
    assert SearchDay.objects.count() == 7
