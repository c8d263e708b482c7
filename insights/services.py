"""Every write of the search log: recording searches, opened results, appeals that followed,
and folding old rows into daily counts. Logging must never break what the visitor is doing:
callers catch and log (insights.views, insights.receivers)."""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.cards import mask
from faq.models import Article
from faq.search import parse_query
from insights import tokens
from insights.models import MAX_QUERY, ReadBeforeAppeal, SearchDay, SearchRecord, Source

# Typing-as-you-go: a query that extends or shortens the previous one within this many seconds
# updates the previous row instead of adding one.
FOLD_SECONDS = 30
# A result opened, or an appeal filed, this long after the search still counts for it.
VISIT_SECONDS = 2 * 3600
MAX_RESULTS = 10_000
MAX_SEARCHES_PER_APPEAL = 10
MAX_READ_PER_APPEAL = 5

_EMAIL = re.compile(r"\S+@\S+")
# Phone, wallet, card, account and passport numbers: runs of digits with the usual separators.
_NUMBER_RUN = re.compile(r"\+?\d[\d\s().\-]*\d")
_ARTICLE_PATH = re.compile(r"^(?:/[a-z]{2})?/help/(?P<category>[-\w]+)/(?P<slug>[-\w]+)/$")


def normalise(raw: str) -> str:
    """The query as the log keeps it: parse_query's words, folded, with what could identify a
    person removed first (card numbers masked, e-mail addresses and any run of 5+ digits)."""
    text = _EMAIL.sub(" ", mask(raw or "")[: MAX_QUERY * 2])
    text = _NUMBER_RUN.sub(
        lambda m: " " if sum(c.isdigit() for c in m.group(0)) >= 5 else m.group(0), text
    )
    text = text.replace("•", " ")
    return parse_query(text).normalised[:MAX_QUERY]


def _this_hour() -> datetime:
    return timezone.now().replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class Logged:
    token: str | None  # for the browser: None when nothing was worth recording


def _related(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


@transaction.atomic
def search_record(
    *, raw_query: str, language: str, source: str, results: int, previous: str | None = None
) -> Logged:
    query = normalise(raw_query)
    if not query:
        return Logged(token=None)
    results = max(0, min(int(results), MAX_RESULTS))
    if source == Source.APPEAL and previous:
        pk = tokens.read(previous, max_age=FOLD_SECONDS)
        row = (
            SearchRecord.objects.select_for_update()
            .filter(pk=pk, source=Source.APPEAL, language=language)
            .first()
            if pk
            else None
        )
        if row is not None and _related(query, row.query):
            row.query, row.results = query, results
            row.save(update_fields=["query", "results"])
            return Logged(token=tokens.issue(row.pk))
    row = SearchRecord.objects.create(
        query=query, language=language, source=source, results=results, created=_this_hour()
    )
    return Logged(token=tokens.issue(row.pk))


def article_at(path) -> Article | None:
    """The published article at a site path ("/help/<category>/<slug>/", any language)."""
    if not isinstance(path, str) or len(path) > 300:
        return None
    found = _ARTICLE_PATH.match(path)
    if not found:
        return None
    return Article.objects.published().filter(slug=found["slug"]).only("pk").first()


@transaction.atomic
def result_opened(*, token: str, path: str) -> bool:
    """The visitor opened an article from a search's results (the first one opened counts)."""
    pk = tokens.read(token, max_age=VISIT_SECONDS)
    article = article_at(path) if pk else None
    if article is None:
        return False
    return bool(
        SearchRecord.objects.filter(pk=pk, opened_article__isnull=True).update(
            opened_article=article
        )
    )


@transaction.atomic
def appeal_followed(*, search_tokens: list[str], read_paths: list[str]) -> None:
    """An appeal was filed in a visit: its searches are marked, and the articles read before
    it are counted per day (not linked to the appeal or to the searches)."""
    pks = {tokens.read(t, max_age=VISIT_SECONDS) for t in search_tokens[:MAX_SEARCHES_PER_APPEAL]}
    pks.discard(None)
    if pks:
        SearchRecord.objects.filter(pk__in=pks).update(led_to_appeal=True)
    articles = {article_at(p) for p in read_paths[:MAX_READ_PER_APPEAL]}
    articles.discard(None)
    today = timezone.localdate()
    for article in articles:
        ReadBeforeAppeal.objects.bulk_create(
            [ReadBeforeAppeal(day=today, article=article, appeals=0)], ignore_conflicts=True
        )
        ReadBeforeAppeal.objects.filter(day=today, article=article).update(appeals=F("appeals") + 1)


def _start_of_day(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def aggregate(*, raw_days: int | None = None, keep_days: int | None = None, batch: int = 2000):
    """Folds raw rows from before the last `raw_days` whole days into SearchDay and deletes
    them; deletes daily counts older than `keep_days`. Each batch is one transaction whose rows
    are locked with SKIP LOCKED, so two hosts running it at once never count a row twice, and a
    second run finds nothing left to fold. Returns (rows folded, daily rows removed)."""
    raw_days = settings.INSIGHTS_SEARCH_RAW_DAYS if raw_days is None else raw_days
    keep_days = settings.INSIGHTS_SEARCH_KEEP_DAYS if keep_days is None else keep_days
    cutoff = _start_of_day(timezone.localdate() - timedelta(days=raw_days))
    folded = 0
    while True:
        with transaction.atomic():
            ids = list(
                SearchRecord.objects.filter(created__lt=cutoff)
                .order_by("pk")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            groups = (
                SearchRecord.objects.filter(pk__in=ids)
                .annotate(day=TruncDate("created"))
                .values("day", "query", "language")
                .annotate(
                    searches=Count("pk"),
                    with_results=Count("pk", filter=Q(results__gt=0)),
                    opened=Count("pk", filter=Q(opened_article__isnull=False)),
                    appeals=Count("pk", filter=Q(led_to_appeal=True)),
                )
                .order_by()
            )
            for group in groups:
                key = {k: group[k] for k in ("day", "query", "language")}
                SearchDay.objects.bulk_create([SearchDay(**key)], ignore_conflicts=True)
                SearchDay.objects.filter(**key).update(
                    **{
                        name: F(name) + group[name]
                        for name in ("searches", "with_results", "opened", "appeals")
                    }
                )
            SearchRecord.objects.filter(pk__in=ids).delete()
            folded += len(ids)
    oldest = timezone.localdate() - timedelta(days=keep_days)
    removed, _ = SearchDay.objects.filter(day__lt=oldest).delete()
    removed_reads, _ = ReadBeforeAppeal.objects.filter(day__lt=oldest).delete()
    return folded, removed + removed_reads
