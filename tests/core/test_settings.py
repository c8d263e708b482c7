import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_debug_value_that_is_neither_true_nor_false_is_an_error():
    result = _check({"DEBUG": "ture", "SECRET_KEY": "x"})
    assert result.returncode != 0
    assert "neither true nor false" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file\n")
    result = _check({"DEBUG": "false", "SECRET_KEY_FILE": str(key_file)})
    assert result.returncode == 0, result.stderr


def _database_options(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DEBUG"))}
    env.update({"SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "helpcenter.settings"})
    env.update(env_overrides)
    code = "from django.conf import settings; print(settings.DATABASES['default'].get('OPTIONS'))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_postgresql_prepares_the_search_unless_told_not_to():
    url = {"DATABASE_URL": "postgres://spravka@db.example/spravka"}
    assert "'prepare_threshold': 1" in _database_options(url)
    off = _database_options({**url, "DATABASE_PREPARED_STATEMENTS": "false"})
    assert "prepare_threshold" not in off
    assert "prepare_threshold" not in _database_options({})  # SQLite has no such thing
