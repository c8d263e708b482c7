"""Page speed and query counts for the public pages, with the shipped content.

Usage:  DEBUG=true .venv/bin/python scripts/bench.py [--requests 200]
        (DATABASE_URL=postgres://... for PostgreSQL; a throw-away SQLite file by default)

Prints, per page: the number of SQL queries one request makes (an N+1 shows up here as a number
that grows with content) and the median / 95th percentile time of an in-process request.
Goals (not asserted by the test suite, which must not time things): every public page under
20 queries and a median under 50 ms on this 2-core machine.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="spravka-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("STATIC_ROOT", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")
    os.environ["MEDIA_ROOT"] = f"{tmp}/media"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()  # lets the test Client run with ALLOWED_HOSTS and no CSRF token
    settings.DEBUG = False
    using_test_db = "postgres" in settings.DATABASES["default"]["ENGINE"]
    if using_test_db:  # never touch a real database: make a throw-away one
        old_name = connections["default"].creation.create_test_db(verbosity=0)
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    from faq.models import Article

    article = Article.objects.published().first()
    pages = [
        "/",
        "/contacts/",
        "/en/contacts/",
        "/help/",
        "/help/search/?q=платежи",
        "/help/search/?q=ПЛАТЁЖ",
        "/help/suggest/?q=авторизация",
        "/appeal/",
        "/sitemap.xml",
    ]
    if article is not None:
        pages.insert(4, article.get_absolute_url())

    client = Client()
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
        f"{args.requests} requests per page"
    )
    print(f"{'page':45} {'status':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7}")
    for url in pages:
        client.get(url)  # warm caches and template loading
        reset_queries()  # the query log is a bounded deque: a full one would count nothing
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        query_count = len(ctx.captured_queries)  # read now: later requests reset the log
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{url[:45]:45} {status:>6} {query_count:>7} "
            f"{statistics.median(times):>9.1f} {p95:>7.1f}"
        )
    if using_test_db:
        connections["default"].creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
