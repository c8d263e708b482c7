"""gunicorn serves the site the way production does: DEBUG off, WhiteNoise for static files."""

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY="gunicorn-test-key-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
    )
    env.pop("REDIS_URL", None)
    for args in (["migrate", "--noinput"], ["load_content"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    return env


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_gunicorn_serves_pages_and_compressed_static_files(production_env):
    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "helpcenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=production_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, _, _ = _get(base + "/healthz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        status, headers, body = _get(base + "/contacts/")
        assert status == 200
        page = body.decode()
        assert "8 800 707-77-59" in page
        assert headers["X-Frame-Options"] == "DENY"
        # The stylesheet link is to a hashed, long-cached file served by WhiteNoise.
        css_href = page.split('rel="stylesheet" href="')[1].split('"')[0]
        assert css_href != "/static/css/site.css"
        status, headers, _ = _get(base + css_href)
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]
        status, _, body = _get(base + "/no-such-page/")
        assert status == 404
        assert "Страница не найдена" in body.decode()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_wsgi_module_freezes_what_it_loaded_out_of_the_garbage_collectors_walks():
    """What a worker loads lives as long as it does: frozen, a full collection no longer walks
    it (a ~50 ms pause every few thousand uncached pages, with every queued request waiting)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DEBUG="true", DJANGO_SETTINGS_MODULE="helpcenter.settings")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc; before = gc.get_freeze_count(); import helpcenter.wsgi; "
            "print(before, gc.get_freeze_count(), len(gc.get_objects()))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    before, frozen, tracked = map(int, done.stdout.split())
    assert before == 0
    # The modules, classes and functions loaded are frozen; what is left to walk is little.
    assert frozen > 20_000
    assert tracked < frozen / 10


CARD = "4276 3800 1234 5679"  # passes the Luhn check
SECRET = "Secret0link0token0abcdefghijklmn"


def test_gunicorns_access_log_keeps_no_query_private_link_or_card(production_env, tmp_path):
    """An operator who turns gunicorn's access log on (--access-logfile) gets the lines through
    gunicorn.conf.py's logger: what visitors typed and private links stay out of the log."""
    port = _free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "helpcenter.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(log)],
        cwd=ROOT,  # where gunicorn.conf.py is read from, as in production
        env=production_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        search = "/help/search/?q=" + urllib.parse.quote(f"не прошла оплата картой {CARD}")
        assert _get(base + search)[0] == 200
        suggest = "/help/suggest/?q=" + urllib.parse.quote("Иван Петров +7 916 123-45-67")
        assert _get(base + suggest)[0] == 200
        private = f"/appeal/SP-ABC-DEF/{SECRET}/"
        request = urllib.request.Request(
            base + "/contacts/?from=" + urllib.parse.quote(CARD),
            headers={"Referer": f"http://127.0.0.1:{port}{private}"},
        )
        assert _get(request)[0] == 200
        assert _get(base + private)[0] == 404
        assert _get(base + "/help/" + CARD.replace(" ", "") + "/")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=10)
    lines = log.read_text(encoding="utf-8")
    for secret in (SECRET, "4276 3800", "3800 1234", "380012345679", "Петров", "123-45-67"):
        assert secret not in lines
        assert urllib.parse.quote(secret) not in lines
    assert '"GET /help/search/?q=[hidden] HTTP/1.1" 200' in lines
    assert '"GET /help/suggest/?q=[hidden] HTTP/1.1" 200' in lines
    assert '"GET /contacts/?from=[hidden] HTTP/1.1" 200 ' in lines
    assert f'"http://127.0.0.1:{port}/appeal/SP-ABC-DEF/[hidden]/"' in lines
    assert '"GET /appeal/SP-ABC-DEF/[hidden]/ HTTP/1.1" 404' in lines
    # A card number typed into the address: masked as everywhere else (first 6, last 4).
    assert '"GET /help/427638%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A2%E2%80%A25679/' in lines
