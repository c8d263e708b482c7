"""The benchmark's steps that run inside Django, each in its own process (settings are read
from the environment the runner gives it: PostgreSQL for the volume, SQLite for the copy).

    python -m scripts.bench.phases build --size full|small --out result.json
    python -m scripts.bench.phases plan --out result.json            # URLs + SQL per URL
    python -m scripts.bench.phases search-timing --queries FILE --out result.json
"""

import argparse
import json
import os
import statistics
import sys
import time
from urllib.parse import quote

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")


def _setup():
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    # The test Client needs "testserver" in ALLOWED_HOSTS; nothing else changes.
    setup_test_environment()


def build(args) -> dict:
    from scripts.bench import volume

    size = volume.SMALL if args.size == "small" else volume.FULL
    if volume.is_built(size):
        volume.settle()
        return {"built": False, "marker": volume.marker()}
    if volume.marker() is not None:
        # Ours (it has the marker), but of another size, version or schema: built again.
        return {"built": False, "stale": True, "marker": volume.marker()}
    result = volume.build(size, log=lambda line: print(line, flush=True))
    volume.settle()
    return {"built": True, **result}


def _pick_urls() -> dict:
    from faq.models import Article, Category

    category = Category.objects.with_published_articles().order_by("-published_count", "pk").first()
    article = (
        Article.objects.published()
        .filter(category=category)
        .exclude(title_en="")
        .exclude(title_en=None)
        .order_by("-pk")  # the newest: a full-length article of the volume, not a shipped one
        .first()
    ) or Article.objects.published().filter(category=category).order_by("-pk").first()
    article_path = article.get_absolute_url()
    return {
        "/": "/",
        "/contacts/": "/contacts/",
        "/en/contacts/": "/en/contacts/",
        "/help/": "/help/",
        "category": category.get_absolute_url(),
        "article (ru)": article_path,
        "article (en)": "/en" + article_path,
        "/appeal/": "/appeal/",
        "/sitemap.xml": "/sitemap.xml",
    }


def _read_lines(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line for line in fh.read().splitlines() if line]


def _count(client, path: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for _ in range(2):  # first with a cold cache (a fresh key prefix), then warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts.append(len(captured.captured_queries))
    return {"status": response.status_code, "sql_cold": counts[0], "sql_warm": counts[1]}


def plan(args) -> dict:
    from django.test import Client

    urls = _pick_urls()
    queries = _read_lines(args.queries)
    client = Client(raise_request_exception=False)
    counts = {name: _count(client, path) for name, path in urls.items()}
    # Search and suggest: one query from the rotation (the first, a word of the shipped text).
    for name, prefix in (("search", "/help/search/?q="), ("suggest", "/help/suggest/?q=")):
        counts[name] = _count(client, prefix + queries[0])
    return {"urls": urls, "sql": counts}


def search_timing(args) -> dict:
    """Each distinct query once, in-process, through the search page: no page cache can answer
    (a fresh cache key prefix, and no query repeats). p95 in milliseconds."""
    from django.test import Client

    from faq.models import Article

    queries = _read_lines(args.queries)
    queries = queries[: args.limit]
    client = Client(raise_request_exception=False)
    client.get("/help/search/?q=" + quote("прогрев"))  # connection, templates, translations
    result = {"articles": Article.objects.published().count(), "queries": len(queries)}
    for name, prefix in (("search", "/help/search/?q="),):
        times, errors = [], 0
        for query in queries:
            started = time.perf_counter()
            response = client.get(prefix + query)
            times.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200
        times.sort()
        result[name] = {
            "p50_ms": statistics.median(times),
            "p95_ms": times[int(len(times) * 0.95) - 1],
            "max_ms": times[-1],
            "errors": errors,
        }
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("phase", choices=["build", "plan", "search-timing"])
    parser.add_argument("--size", choices=["full", "small"], default="full")
    parser.add_argument("--queries")
    parser.add_argument("--limit", type=int, default=300, help="search-timing: queries to time")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    _setup()
    result = {"build": build, "plan": plan, "search-timing": search_timing}[args.phase](args)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    sys.exit(main())
