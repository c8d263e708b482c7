"""Without Redis the limits are counted in the database: every worker, process and host shares
them, instead of each process counting its own (three workers were three times the limit)."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.utils import timezone

from core.models import RateCounter
from core.ratelimit import limit_reached

ROOT = Path(__file__).resolve().parents[2]

_COUNT_THREE_TIMES = (
    "import django; django.setup()\n"
    "from django.test import RequestFactory\n"
    "from core.ratelimit import limit_reached\n"
    "request = RequestFactory().post('/appeal/', REMOTE_ADDR='198.51.100.7')\n"
    "print(sum(limit_reached(request, scope='submit', limit=4) for _ in range(3)))\n"
)


def test_two_processes_share_one_limit_on_sqlite_without_redis(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        DEBUG="false",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
    )

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    run("manage.py", "migrate", "--noinput")
    # Four allowed: the first process uses three, the second gets one more and two refusals.
    assert run("-c", _COUNT_THREE_TIMES) == "0"
    assert run("-c", _COUNT_THREE_TIMES) == "2"


@pytest.mark.django_db
def test_counters_are_kept_in_the_database_and_expired_ones_go(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    old = RateCounter.objects.create(
        key="rate:find:203.0.113.9:60",
        window_start=timezone.now() - timedelta(days=1),
        expires_at=timezone.now() - timedelta(hours=23),
        count=99,
    )
    assert [limit_reached(request, scope="find", limit=2) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    counter = RateCounter.objects.get()
    assert counter.count == 3
    assert counter.key.startswith("rate:find:203.0.113.9:")
    assert not RateCounter.objects.filter(pk=old.pk).exists()
