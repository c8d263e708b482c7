"""Admin password guessing: locked out per user name and address, shared by every process.

Each step runs in its own `manage.py shell` process against one database file, as separate
gunicorn workers or hosts would; a superuser unlocks with `manage.py axes_reset` or in admin.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Right-horse-battery-9"

LOGIN = """
from django.test import Client
client = Client(REMOTE_ADDR="198.51.100.20")
for password in {passwords!r}:
    response = client.post("/{admin}login/", {{"username": "boss", "password": password}})
    print(response.status_code)
    if response.status_code == 429:
        print(response.content.decode())
"""


@pytest.fixture
def shared_site(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY="lockout-test-key-0123456789",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
        AXES_FAILURE_LIMIT="5",
        ADMIN_URL="staff-only/",
    )
    env.pop("REDIS_URL", None)
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    _shell(
        env,
        "from django.contrib.auth import get_user_model; "
        f"get_user_model().objects.create_superuser('boss', 'b@example.org', {PASSWORD!r})",
    )
    return env


def _manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _shell(env, code) -> str:
    return _manage(env, "shell", "--no-imports", "-c", code)


def _log_in(env, *passwords) -> list[str]:
    code = LOGIN.format(passwords=list(passwords), admin=env["ADMIN_URL"])
    return _shell(env, code).split("\n")


def test_wrong_passwords_lock_the_account_for_this_address_in_every_process(shared_site):
    # Process 1: four wrong passwords get the login form again; the fifth locks.
    first = _log_in(shared_site, *[f"guess-{n}" for n in range(5)])
    assert first[:5] == ["200"] * 4 + ["429"]
    # Process 2: the right password is refused now, with the lock-out page.
    second = "\n".join(_log_in(shared_site, PASSWORD))
    assert second.startswith("429")
    assert "Вход временно заблокирован" in second
    assert "axes_reset" in second
    # Process 3: a superuser unlocks; process 4: the right password works again.
    _manage(shared_site, "axes_reset")
    assert _log_in(shared_site, PASSWORD)[0] == "302"


@pytest.mark.django_db
def test_a_superuser_sees_and_removes_lockouts_in_admin(settings):
    from axes.models import AccessAttempt

    boss = get_user_model().objects.create_superuser("root", "r@example.org", PASSWORD)
    attempt = AccessAttempt.objects.create(
        username="boss", ip_address="198.51.100.20", failures_since_start=5, user_agent=""
    )
    client = Client()
    client.force_login(boss)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "198.51.100.20" in listing.content.decode()
    response = client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()


def test_the_admin_address_follows_the_setting_and_robots_txt_with_it(shared_site):
    out = _shell(
        shared_site,
        "from django.test import Client; c = Client(); "
        "print(c.get('/staff-only/login/').status_code, c.get('/admin/login/').status_code); "
        "print(c.get('/robots.txt').content.decode())",
    )
    assert out.startswith("200 404")
    assert "Disallow: /staff-only/" in out
    assert "Disallow: /admin/" not in out


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_locks_the_account():
    get_user_model().objects.create_superuser("boss", "b@example.org", PASSWORD)
    for n in range(5):
        guesser = Client(REMOTE_ADDR=f"203.0.113.{n + 1}")
        guesser.post("/admin/login/", {"username": "boss", "password": f"guess-{n}"})
    owner = Client(REMOTE_ADDR="198.51.100.99")
    response = owner.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()


@pytest.mark.django_db
def test_one_address_trying_many_user_names_is_locked_but_others_are_not():
    get_user_model().objects.create_superuser("boss", "b@example.org", PASSWORD)
    guesser = Client(REMOTE_ADDR="203.0.113.50")
    for n in range(5):
        guesser.post("/admin/login/", {"username": f"user{n}", "password": "x"})
    refused = guesser.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert refused.status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.99")
    response = owner.post("/admin/login/", {"username": "boss", "password": PASSWORD})
    assert response.status_code == 302
