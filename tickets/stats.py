"""The support desk's figures for the manager's page: every number is one aggregate query.

Durations are in seconds. Percentiles are PostgreSQL's percentile_cont (continuous: the median
of 1, 2, 3, 4 hours is 2.5 hours); SQLite has no such function, so there they are computed the
same way in Python from at most TICKETS_STATS_SQLITE_SAMPLE of the most recent durations (memory
stays bounded whatever the volume; a local run's figures are then a sample's).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Func
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import Appeal, AppealEvent, SatisfactionRating, Status, Topic
from tickets.models.appeals import BACKLOG
from tickets.models.thread import EventKind

MOSCOW = ZoneInfo("Europe/Moscow")
OPEN = BACKLOG
PERIODS = (7, 30)
DAYS_CHARTED = 30
RATING_SCALE = (1, 2, 3, 4, 5)


class Percentile(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile, **extra):
        super().__init__(expression, percentile=float(percentile), **extra)


class Epoch(Func):
    """An interval in seconds (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class Times:
    count: int
    median: float | None
    p90: float | None


def percentile_cont(sorted_values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont: linear interpolation between the two nearest values."""
    if not sorted_values:
        return None
    position = fraction * (len(sorted_values) - 1)
    low, high = math.floor(position), math.ceil(position)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def _times(queryset, *, end: str, start: str) -> Times:
    """Median and 90th percentile of `end - start` over the queryset's rows."""
    duration = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    if connection.vendor == "postgresql":
        seconds = Epoch(duration)
        row = queryset.aggregate(
            count=Count("*"), median=Percentile(seconds, 0.5), p90=Percentile(seconds, 0.9)
        )
        return Times(row["count"], row["median"], row["p90"])
    pairs = queryset.order_by(f"-{end}").values_list(end, start)[
        : settings.TICKETS_STATS_SQLITE_SAMPLE
    ]
    values = sorted(max((b - a).total_seconds(), 0.0) for b, a in pairs)
    return Times(len(values), percentile_cont(values, 0.5), percentile_cont(values, 0.9))


def first_answer_times(days: int, now: datetime | None = None) -> Times:
    """How long visitors waited for the first answer, over the answers given in the last days."""
    since = (now or timezone.now()) - timedelta(days=days)
    answered = Appeal.objects.filter(first_response_at__gte=since)
    return _times(answered, end="first_response_at", start="created_at")


def resolution_times(days: int, now: datetime | None = None) -> Times:
    """From receipt to "resolved", over the resolutions of the last days (an appeal resolved,
    reopened and resolved again counts each time, from its receipt)."""
    since = (now or timezone.now()) - timedelta(days=days)
    resolved = AppealEvent.objects.filter(
        kind=EventKind.STATUS, new_value=Status.RESOLVED, created_at__gte=since
    )
    return _times(resolved, end="created_at", start="appeal__created_at")


def backlog_by_status() -> list[tuple[str, int]]:
    counts = dict(
        Appeal.objects.filter(status__in=OPEN)
        .order_by()
        .values("status")
        .annotate(n=Count("*"))
        .values_list("status", "n")
    )
    return [(str(Status(status).label), counts.get(status, 0)) for status in OPEN]


def backlog_by_topic() -> list[tuple[str, int]]:
    counts = dict(
        Appeal.objects.filter(status__in=OPEN)
        .order_by()
        .values("topic")
        .annotate(n=Count("*"))
        .values_list("topic", "n")
    )
    topics = Topic.objects.filter(pk__in=counts).order_by("order", "pk")
    return sorted(((str(t), counts[t.pk]) for t in topics), key=lambda row: -row[1])


def first_answer_overdue_count(now: datetime | None = None) -> int:
    return Appeal.objects.overdue(now).count()


def legal_overdue_count(now: datetime | None = None) -> int:
    """Open appeals past their legal deadline (tickets.deadlines)."""
    return Appeal.objects.filter(status__in=OPEN, legal_due_at__lt=now or timezone.now()).count()


def satisfaction() -> dict:
    """Average and distribution of the visitors' "did we solve it?" ratings (1-5)."""
    counts = dict(
        SatisfactionRating.objects.order_by()
        .values("score")
        .annotate(n=Count("*"))
        .values_list("score", "n")
    )
    total = sum(counts.values())
    average = sum(score * n for score, n in counts.items()) / total if total else None
    return {
        "average": average,
        "total": total,
        "distribution": [(str(score), counts.get(score, 0)) for score in RATING_SCALE],
    }


def appeals_per_day(
    days: int = DAYS_CHARTED, now: datetime | None = None
) -> list[tuple[date, int]]:
    """Appeals received on each of the last days (Moscow dates), today included, zeros too."""
    today = timezone.localtime(now or timezone.now(), MOSCOW).date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=MOSCOW)
    counts = dict(
        Appeal.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=MOSCOW))
        .order_by()
        .values("day")
        .annotate(n=Count("*"))
        .values_list("day", "n")
    )
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(days)
    ]
