"""The support desk at volume: the manager's page and "take the next appeal" over 100,000
appeals on PostgreSQL (README, "Support desk: the agents' queue").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spravka_desk_big \
        python -m scripts.bench.desk [--appeals 100000]

Builds the appeals with the benchmark's own builder (scripts/bench/volume.py: real references,
due times and "created" events), then gives most of them a first answer and a resolution as
the service would record them (first_response_at, a "resolved" status event), and prints each
page's query count and SQL time. Use a throw-away database: it is migrated and filled.
"""

import argparse
import os
import random
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")


def _fill(appeals: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from scripts.bench import volume
    from scripts.bench.textgen import Writer
    from tickets.models import Appeal

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_content", verbosity=0)
    have = Appeal.objects.count()
    if have < appeals:
        size = volume.Size(articles=0, categories=0, appeals=appeals - have)
        volume._appeals(size, random.Random(3), Writer("ru", seed=1), print)
    with connection.cursor() as cursor:
        # Answered: everything but "new", 10 minutes to 3 days after receipt, as the service
        # stamps first_response_at; resolved and closed ones get their "resolved" event.
        cursor.execute(
            """
            UPDATE tickets_appeal
               SET first_response_at = created_at + (random() * interval '3 days')
                                       + interval '10 minutes'
             WHERE status <> 'new' AND first_response_at IS NULL
            """
        )
        cursor.execute(
            """
            INSERT INTO tickets_appealevent
                   (appeal_id, kind, by_visitor, old_value, new_value, created_at)
            SELECT a.id, 'status', false, 'waiting', 'resolved',
                   a.first_response_at + (random() * interval '5 days')
              FROM tickets_appeal a
             WHERE a.status IN ('resolved', 'closed')
               AND NOT EXISTS (SELECT 1 FROM tickets_appealevent e
                                WHERE e.appeal_id = a.id AND e.kind = 'status'
                                  AND e.new_value = 'resolved')
            """
        )
        cursor.execute("VACUUM ANALYZE")


def _measure(label, fn, runs=5):
    from django.db import connection, reset_queries

    results = []
    for _ in range(runs):
        reset_queries()
        started = time.perf_counter()
        fn()
        wall = time.perf_counter() - started
        sql = sum(float(q["time"]) for q in connection.queries)
        results.append((wall, sql, len(connection.queries)))
    wall = statistics.median(r[0] for r in results) * 1000
    sql = statistics.median(r[1] for r in results) * 1000
    print(f"{label}: {results[-1][2]} queries, SQL {sql:.0f} ms, whole response {wall:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--appeals", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.DEBUG = True  # connection.queries records every query
    assert connection.vendor == "postgresql", "measure on PostgreSQL"
    _fill(args.appeals)

    from core.roles import SUPPORT_MANAGERS
    from tickets import services
    from tickets.models import Appeal

    print(f"{Appeal.objects.count()} appeals, {Appeal.objects.awaiting_support().count()} open")
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    manager, _ = get_user_model().objects.get_or_create(
        username="bench-manager", defaults={"is_staff": True}
    )
    manager.groups.add(Group.objects.get(name=SUPPORT_MANAGERS.name))
    client = Client()
    client.force_login(manager)
    _measure("manager's page", lambda: client.get("/admin/tickets/appeal/stats/"))
    _measure("changelist", lambda: client.get("/admin/tickets/appeal/"))

    def take_and_give_back():
        with transaction.atomic():
            appeal = services.appeal_take_next(agent=manager)
            transaction.set_rollback(True)
        assert appeal is not None

    _measure("take the next appeal", take_and_give_back)


if __name__ == "__main__":
    main()
