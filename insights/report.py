"""The search report editors read in admin: raw rows of the recent days and the daily counts
of older ones, read together (insights.services.aggregate folds one into the other by whole
days, so a day is never in both)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from insights.models import ReadBeforeAppeal, SearchDay, SearchRecord

PERIODS = (7, 30)
ROWS = 20
# "Results nobody opens": a query searched this often with results and never a result opened.
MIN_UNOPENED = 2
COUNTS = ("searches", "with_results", "opened", "appeals")


@dataclass
class QueryStats:
    query: str
    language: str
    searches: int = 0
    with_results: int = 0
    opened: int = 0
    appeals: int = 0
    before: dict = field(default_factory=dict)  # the same counts in the previous period

    @property
    def no_results(self) -> int:
        return self.searches - self.with_results

    def previous(self, measure: str) -> int:
        if measure == "no_results":
            return self.before.get("searches", 0) - self.before.get("with_results", 0)
        return self.before.get(measure, 0)


@dataclass
class Line:
    """One row of a table: the query's counts, the one the table is about, and its change from
    the previous period of the same length."""

    stats: QueryStats
    count: int
    change: int

    @classmethod
    def of(cls, stats: QueryStats, measure: str) -> "Line":
        count = getattr(stats, measure)
        return cls(stats=stats, count=count, change=count - stats.previous(measure))


@dataclass
class ArticleStats:
    article: object
    appeals: int
    before: int

    @property
    def trend(self) -> int:
        return self.appeals - self.before


@dataclass
class Report:
    days: int
    start: date
    end: date  # inclusive
    top: list[Line]
    no_results: list[Line]
    unopened: list[Line]
    read_before_appeal: list[ArticleStats]


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _query_counts(start: date, end: date) -> dict[tuple[str, str], dict[str, int]]:
    """(query, language) → counts for the days start … end-1."""
    counts = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    raw = (
        SearchRecord.objects.filter(created__gte=_midnight(start), created__lt=_midnight(end))
        .values("query", "language")
        .annotate(
            searches=Count("pk"),
            with_results=Count("pk", filter=Q(results__gt=0)),
            opened=Count("pk", filter=Q(opened_article__isnull=False)),
            appeals=Count("pk", filter=Q(led_to_appeal=True)),
        )
        .order_by()
    )
    daily = (
        SearchDay.objects.filter(day__gte=start, day__lt=end)
        .values("query", "language")
        .annotate(**{name: Sum(name) for name in COUNTS})
        .order_by()
    )
    for rows in (raw, daily):
        for row in rows:
            key = (row["query"], row["language"])
            for name in COUNTS:
                counts[key][name] += row[name] or 0
    return counts


def build(days: int, *, today: date | None = None) -> Report:
    today = today or timezone.localdate()
    end = today + timedelta(days=1)
    start = end - timedelta(days=days)
    previous_start = start - timedelta(days=days)
    now = _query_counts(start, end)
    before = _query_counts(previous_start, start)
    stats = [
        QueryStats(query=q, language=lang, **counts, before=before.get((q, lang), {}))
        for (q, lang), counts in now.items()
    ]
    top = sorted(stats, key=lambda s: (-s.searches, s.query))[:ROWS]
    no_results = sorted((s for s in stats if s.no_results), key=lambda s: (-s.no_results, s.query))[
        :ROWS
    ]
    unopened = sorted(
        (s for s in stats if s.with_results >= MIN_UNOPENED and not s.opened),
        key=lambda s: (-s.with_results, s.query),
    )[:ROWS]
    return Report(
        days=days,
        start=start,
        end=today,
        top=[Line.of(s, "searches") for s in top],
        no_results=[Line.of(s, "no_results") for s in no_results],
        unopened=[Line.of(s, "with_results") for s in unopened],
        read_before_appeal=_read_before_appeal(previous_start, start, end),
    )


def _read_before_appeal(previous_start, start, end) -> list[ArticleStats]:
    def counts(first, last):
        rows = (
            ReadBeforeAppeal.objects.filter(day__gte=first, day__lt=last)
            .values("article")
            .annotate(total=Sum("appeals"))
            .order_by()
        )
        return {row["article"]: row["total"] for row in rows}

    now, before = counts(start, end), counts(previous_start, start)
    top = sorted(now.items(), key=lambda item: (-item[1], item[0]))[:ROWS]
    from faq.models import Article

    articles = Article.objects.for_links().select_related("category").in_bulk([pk for pk, _ in top])
    return [
        ArticleStats(article=articles[pk], appeals=total, before=before.get(pk, 0))
        for pk, total in top
        if pk in articles
    ]
