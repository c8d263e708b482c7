"""The benchmark's data: a help center of a real one's size, built through the models.

Articles go through `Article.save()` one by one, so whatever the save path does (Markdown to
sanitised HTML, plain text, search columns, anything added later) is what the pages read.
Appeals are many (100,000): they are inserted in batches, but every reference, link secret and
due time comes from the same helpers `tickets.services.appeal_create` uses, and each gets the
"created" history event the service writes.

A marker table records the volume's version and size; a database that has it is reused.
Needs Django set up (run through scripts/bench/phases.py).
"""

import hashlib
import random
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

# Bump when what is built changes: a database built by an older version is rebuilt.
VOLUME_VERSION = 1


def schema_fingerprint() -> str:
    """The migrations the code has: a volume built under other ones is stale (a stored column it
    lacks, a search vector never filled) and is rebuilt rather than migrated and half-right."""
    root = Path(__file__).resolve().parents[2]
    names = sorted(str(p.relative_to(root)) for p in root.glob("*/migrations/0*.py"))
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


MARKER_TABLE = "spravka_bench_volume"


@dataclass(frozen=True)
class Size:
    articles: int
    categories: int
    appeals: int
    min_words: int = 300
    max_words: int = 1500
    english_share: float = 0.2  # articles that also have an English version
    related_per_article: int = 3
    votes: int = 10_000


FULL = Size(articles=5000, categories=50, appeals=100_000)
SMALL = Size(articles=200, categories=10, appeals=1000, votes=500)


def marker() -> dict | None:
    with connection.cursor() as cursor:
        if MARKER_TABLE not in connection.introspection.table_names(cursor):
            return None
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, MARKER_TABLE)
        ]
        schema = "schema" if "schema" in columns else "''"
        cursor.execute(
            f"SELECT version, articles, categories, appeals, {schema} FROM {MARKER_TABLE}"  # noqa: S608
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip(("version", "articles", "categories", "appeals", "schema"), row, strict=True))


def settle() -> None:
    """What autovacuum does to a live database before anyone measures it. Thousands of fresh
    saves leave the GIN indexes' pending lists full and the planner without statistics: it then
    scans the table for every search (41 ms for a word found nowhere, 0.1 ms after this)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def is_built(size: Size) -> bool:
    return marker() == {
        "version": VOLUME_VERSION,
        "articles": size.articles,
        "categories": size.categories,
        "appeals": size.appeals,
        "schema": schema_fingerprint(),
    }


def _write_marker(size: Size) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (version integer, articles integer, "
            "categories integer, appeals integer, built_at timestamp with time zone, schema text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
            [
                VOLUME_VERSION,
                size.articles,
                size.categories,
                size.appeals,
                timezone.now(),
                schema_fingerprint(),
            ],
        )


def build(size: Size, log=print) -> dict:
    """Migrates an empty database and fills it. Returns timings (seconds) per step."""
    from scripts.bench.textgen import Writer, transliterate

    timings = {}
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_content", verbosity=0)
    timings["migrate_and_shipped_content"] = time.monotonic() - started

    writers = {"ru": Writer("ru", seed=1), "en": Writer("en", seed=2)}
    rng = random.Random(3)
    started = time.monotonic()
    categories = _categories(size, writers, transliterate)
    articles = _articles(size, categories, writers, rng, transliterate, log)
    timings["articles"] = time.monotonic() - started
    log(f"  {len(articles)} articles in {timings['articles']:.0f} s")

    started = time.monotonic()
    _related_and_votes(size, articles, rng)
    timings["related_and_votes"] = time.monotonic() - started

    started = time.monotonic()
    _appeals(size, rng, writers["ru"], log)
    timings["appeals"] = time.monotonic() - started
    log(f"  {size.appeals} appeals in {timings['appeals']:.0f} s")

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    _write_marker(size)
    return {"size": asdict(size), "timings": timings}


def _categories(size, writers, transliterate):
    from faq.models import Category

    existing = list(Category.objects.all())
    made = []
    for n in range(len(existing), size.categories):
        name_ru = writers["ru"].title()[:110]
        category = Category(
            slug=f"{transliterate(name_ru)[:60].strip('-')}-{n}",
            name_ru=name_ru,
            name_en=writers["en"].title()[:110],
            description_ru=writers["ru"].sentence(max_words=20)[:290],
            description_en=writers["en"].sentence(max_words=20)[:290],
            order=100 + n,
        )
        category.full_clean()
        category.save()
        made.append(category)
    return existing + made


def _articles(size, categories, writers, rng, transliterate, log):
    from faq.models import Article

    have = Article.objects.published().count()
    made = []
    started = time.monotonic()
    for n in range(have, size.articles):
        category = categories[n % len(categories)]
        title = writers["ru"].title()
        article = Article(
            category=category,
            slug=f"{transliterate(title)[:80].strip('-')}-{n}",
            title_ru=title,
            summary_ru=writers["ru"].sentence(max_words=30)[:290],
            body_ru=writers["ru"].article(rng.randint(size.min_words, size.max_words)),
            status=Article.Status.PUBLISHED,
            order=n,
        )
        if rng.random() < size.english_share:
            article.title_en = writers["en"].title()
            article.summary_en = writers["en"].sentence(max_words=30)[:290]
            article.body_en = writers["en"].article(rng.randint(size.min_words, size.max_words))
        article.save()
        made.append(article)
        if len(made) % 500 == 0:
            rate = len(made) / (time.monotonic() - started)
            log(f"  {len(made)} articles saved ({rate:.0f}/s)")
    return list(Article.objects.published().only("pk"))


@transaction.atomic
def _related_and_votes(size, articles, rng):
    from faq.models import Article, HelpfulVote

    Related = Article.related.through
    pks = [a.pk for a in articles]
    links = set()
    for pk in pks:
        for other in rng.sample(pks, size.related_per_article):
            if other != pk:
                links.add((pk, other))
    Related.objects.bulk_create(
        [Related(from_article_id=a, to_article_id=b) for a, b in links],
        ignore_conflicts=True,
        batch_size=5000,
    )
    votes = {(rng.choice(pks), f"bench-visitor-{rng.randrange(10**9)}") for _ in range(size.votes)}
    HelpfulVote.objects.bulk_create(
        [
            HelpfulVote(article_id=pk, visitor=visitor, helpful=rng.random() < 0.7)
            for pk, visitor in votes
        ],
        batch_size=5000,
    )


def _appeals(size, rng, writer, log, batch=5000):
    from tickets import references
    from tickets.models import Appeal, AppealEvent, Status, Topic
    from tickets.models.appeals import due_time
    from tickets.models.thread import EventKind

    topics = list(Topic.objects.visible())
    taken = set(Appeal.objects.values_list("reference", flat=True))
    now = timezone.now()
    statuses = [Status.CLOSED] * 60 + [Status.RESOLVED] * 20 + [Status.WAITING] * 8
    statuses += [Status.IN_PROGRESS] * 7 + [Status.NEW] * 5
    subjects = [writer.title()[:140] for _ in range(500)]
    descriptions = [writer.paragraph(rng.randint(1, 4))[:4900] for _ in range(500)]
    made = 0
    while made < size.appeals:
        appeals = []
        for _ in range(min(batch, size.appeals - made)):
            reference = references.new_reference()
            while reference in taken:  # the service retries a collision the same way
                reference = references.new_reference()
            taken.add(reference)
            created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            priority = rng.random() < 0.05
            n = rng.randrange(10**6)
            appeals.append(
                Appeal(
                    reference=reference,
                    link_secret=references.new_link_secret(),
                    topic=rng.choice(topics),
                    name=f"Клиент {n}",
                    email=f"client{n}@example.org",
                    subject=rng.choice(subjects),
                    description=rng.choice(descriptions),
                    language="ru" if rng.random() < 0.9 else "en",
                    consent_at=created,
                    is_priority=priority,
                    created_at=created,
                    due_at=due_time(created, priority=priority),
                    status=rng.choice(statuses),
                )
            )
        with transaction.atomic():
            Appeal.objects.bulk_create(appeals, batch_size=1000)
            AppealEvent.objects.bulk_create(
                [AppealEvent(appeal=a, kind=EventKind.CREATED, by_visitor=True) for a in appeals],
                batch_size=1000,
            )
        made += len(appeals)
        log(f"  {made} appeals")
