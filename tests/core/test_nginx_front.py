"""The documented production front: nginx (deploy/nginx.conf) before gunicorn sync workers.
Slow clients wait in nginx, so they neither starve the workers nor get killed by their timeout."""

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from PIL import Image

from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _skip_reason():
    if not Path(NGINX).exists():
        return "nginx is not installed (scripts/ensure_test_tools.sh installs it)"
    if os.geteuid() != 0:
        return "the private nginx runs its workers as root here; run the tests as root"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


def render_site_config(*, listen, upstream, static_root, errors, logs) -> str:
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    # The site's own access and error logs, in the test's folder instead of Debian's.
    for directive in ("access_log", "error_log"):
        assert config.count(f"{directive} /var/log/nginx/") == 1
        config = config.replace(f"{directive} /var/log/nginx/", f"{directive} {logs}/")
    for name, value in {
        "__LISTEN__": listen,
        "__SERVER_NAME__": "127.0.0.1",
        "__UPSTREAM__": upstream,
        "__STATIC_ROOT__": static_root,
        "__ERRORS__": errors,
    }.items():
        config = config.replace(name, value)
    assert "__" not in re.sub(r"/_errors/|\^~ /_errors/", "", config)
    return config


def _wait_until_up(url, process):
    for _ in range(200):
        assert process.poll() is None, f"{url}: the server exited"
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


@pytest.fixture(scope="module")
def site_env(tmp_path_factory):
    """A migrated database with the shipped content and collected static files, once."""
    tmp_path = tmp_path_factory.mktemp("site")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DEBUG="false",
        SECRET_KEY="nginx-test-key-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        FILE_UPLOAD_TEMP_DIR=str(tmp_path / "upload-tmp"),
        TICKETS_TRUSTED_PROXY_COUNT="1",
        DJANGO_SETTINGS_MODULE="helpcenter.settings",
    )
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


@pytest.fixture
def front(site_env, tmp_path):
    env = site_env
    app_port, port = free_port(), free_port()
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "helpcenter.wsgi",
            "--bind",
            f"127.0.0.1:{app_port}",
            "--workers",
            "2",
            # Much shorter than the slow upload below: only nginx's buffering can save it.
            "--timeout",
            "2",
            "--control-socket",
            str(tmp_path / "gunicorn.ctl"),
            "--forwarded-allow-ips",
            "127.0.0.1",
            # Off in production (nginx logs); on here to see what reaches gunicorn and what its
            # lines keep (gunicorn.conf.py).
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    nginx_dir = tmp_path / "nginx"
    nginx_dir.mkdir()
    site = render_site_config(
        listen=f"127.0.0.1:{port}",
        upstream=f"127.0.0.1:{app_port}",
        static_root=env["STATIC_ROOT"],
        errors=str(ROOT / "deploy" / "errors"),
        logs=str(nginx_dir),
    )
    (nginx_dir / "site.conf").write_text(site)
    temp = {name: nginx_dir / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    (nginx_dir / "nginx.conf").write_text(
        f"""
daemon off;
user root root;
worker_processes 1;
pid {nginx_dir / "nginx.pid"};
error_log {nginx_dir / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {nginx_dir / "other-sites.log"};
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {nginx_dir / "site.conf"};
}}
"""
    )
    nginx = subprocess.Popen(
        [NGINX, "-c", str(nginx_dir / "nginx.conf"), "-p", str(nginx_dir), "-e", "stderr"],
        stdout=(nginx_dir / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{app_port}/healthz", gunicorn)
        _wait_until_up(f"http://127.0.0.1:{port}/healthz", nginx)
        yield {
            "port": port,
            "app_port": app_port,
            "dir": tmp_path,
            "nginx_dir": nginx_dir,
            "gunicorn": gunicorn,
        }
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        gunicorn.terminate()
        gunicorn.wait(timeout=10)


def _get(port, path, headers=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_slow_header_connections_do_not_starve_the_site(front):
    held = []
    try:
        for _ in range(120):
            sock = socket.create_connection(("127.0.0.1", front["port"]))
            sock.sendall(b"GET /contacts/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            held.append(sock)
        # 120 clients still typing their headers, 2 workers: a visitor is answered all the same.
        status, page = _get(front["port"], "/contacts/")
        assert status == 200
        assert "8 800 707-77-59" in page
    finally:
        for sock in held:
            sock.close()


def _noise_png(side: int) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _multipart(fields: dict, file_name: str, content: bytes) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = "".join(parts).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
        f'filename="{file_name}"\r\nContent-Type: image/png\r\n\r\n'
    ).encode()
    return boundary, head + content + f"\r\n--{boundary}--\r\n".encode()


def test_a_slow_upload_is_buffered_by_nginx_and_the_appeal_is_saved(front):
    # The form, its CSRF cookie and token, as a browser would get them.
    response = urllib.request.urlopen(
        f"http://127.0.0.1:{front['port']}/appeal/?topic=payments", timeout=10
    )
    form = response.read().decode()
    cookie = response.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    topic = re.search(r'name="topic" value="(\d+)"[^>]* checked', form).group(1)
    form_token = re.search(r'name="form_token" value="([^"]*)"', form).group(1)
    fields = {
        "csrfmiddlewaretoken": token,
        "form_token": form_token,
        "topic": topic,
        "name": "Анна Петрова",
        "email": "anna@example.org",
        "subject": "Медленная загрузка",
        "description": "Скриншот ошибки прилагаю, интернет у меня медленный.",
        "consent": "on",
        "homepage": "",
    }
    picture = _noise_png(600)  # about 1 MB
    assert len(picture) > 1_000_000
    boundary, body = _multipart(fields, "screen.png", picture)
    request = (
        f"POST /appeal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", front["port"]), timeout=30) as sock:
        sock.sendall(request)
        # About 200 KB/s: five seconds, more than twice gunicorn's worker timeout.
        for start in range(0, len(body), 20_000):
            sock.sendall(body[start : start + 20_000])
            time.sleep(0.1)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 302"), answer[:500]
    location = re.search(rb"Location: (\S+)", rest).group(1).decode()
    status, page = _get(front["port"], location)
    assert status == 200
    assert "Обращение отправлено" in page
    assert "WORKER TIMEOUT" not in (front["dir"] / "gunicorn.log").read_text()


def test_gunicorn_down_shows_our_page_not_nginxs(front):
    front["gunicorn"].terminate()
    front["gunicorn"].wait(timeout=10)
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{front['port']}/", timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 502
        page = exc.read().decode()
        assert exc.headers["Retry-After"] == "30"
    else:
        raise AssertionError("expected a 502")
    assert "Справка временно недоступна" in page
    assert "The help center is temporarily unavailable" in page
    assert "nginx" not in page


def test_static_files_are_served_by_nginx_with_a_long_cache(front):
    _, page = _get(front["port"], "/contacts/")
    css = re.search(r'rel="stylesheet" href="(/static/[^"]+)"', page).group(1)
    request = urllib.request.Request(
        f"http://127.0.0.1:{front['port']}{css}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert response.headers["Content-Encoding"] == "gzip"
    access_log = (front["dir"] / "gunicorn.log").read_text()
    assert css not in access_log


CARD = "4276 3800 1234 5679"  # passes the Luhn check
SECRET = "Secret0link0token0abcdefghijklmn"


def _logged(path, line, seconds=10):
    """The log, once it has `line`: nginx writes a request's line after sending the answer."""
    deadline = time.monotonic() + seconds
    while True:
        text = path.read_text(encoding="utf-8")
        if line in text or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def test_the_logs_keep_no_query_private_link_or_card_number(front):
    """nginx's access log (deploy/nginx.conf) and gunicorn's (on here, through
    gunicorn.conf.py): a search is what the visitor typed, a private link opens an appeal."""
    port = front["port"]
    query = urllib.parse.quote(f"не прошла оплата картой {CARD}, Иван Петров")
    assert _get(port, f"/help/search/?q={query}")[0] == 200
    private = f"/appeal/SP-ABC-DEF/{SECRET}/"
    assert _get(port, private, {"Referer": f"http://127.0.0.1:{port}{private}"})[0] == 404
    assert _get(port, "/en" + private + "sent/")[0] == 404
    assert _get(port, "/help/" + urllib.parse.quote(CARD) + "/")[0] == 404
    front["gunicorn"].terminate()  # its log is complete once it has stopped
    front["gunicorn"].wait(timeout=10)
    # gunicorn down: nginx's own error for this request is not written with its query.
    assert _get(port, f"/help/search/?q={query}")[0] == 502
    nginx_log = _logged(front["nginx_dir"] / "access.log", '"GET /help/search/? HTTP/1.1" 502 ')
    gunicorn_log = (front["dir"] / "gunicorn.log").read_text(encoding="utf-8")
    error_log = (front["nginx_dir"] / "error.log").read_text(encoding="utf-8")
    for text in (nginx_log, gunicorn_log, error_log):
        for secret in (SECRET, "3800", "Петров", "%D0%9F%D0%B5%D1%82"):
            assert secret not in text
    assert '"GET /help/search/? HTTP/1.1" 200 ' in nginx_log
    assert '"GET /help/search/? HTTP/1.1" 502 ' in nginx_log
    assert '"GET /appeal/SP-ABC-DEF/[hidden]/ HTTP/1.1" 404 ' in nginx_log
    assert '"GET /en/appeal/SP-ABC-DEF/[hidden]/sent/ HTTP/1.1" 404 ' in nginx_log
    assert '"GET [path with a long number hidden] HTTP/1.1" 404 ' in nginx_log
    assert '"GET /help/search/?q=[hidden] HTTP/1.1" 200 ' in gunicorn_log
    assert '"GET /appeal/SP-ABC-DEF/[hidden]/ HTTP/1.1" 404 ' in gunicorn_log
