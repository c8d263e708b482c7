"""Two web hosts behind one load balancer: two gunicorn instances on different ports sharing
PostgreSQL, Redis and an object store serve the same appeal and its file, hold one rate limit
and one login. Real HTTP, real CSRF tokens, nothing shared in memory."""

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.db import connection

from tests.objectstore import running_object_store
from tests.staff import make_staff
from tests.tickets.factories import png_bytes
from tickets import content as tickets_content
from tickets.models import Appeal

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"),
        reason="two instances share state through PostgreSQL and Redis: set DATABASE_URL to "
        "PostgreSQL and REDIS_URL (the PostgreSQL CI run does)",
    ),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "pass-for-tests-1"


class Browser:
    """Just enough of a browser: cookies kept per visitor, redirects not followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, data

    def get(self, port, path):
        return self.request(port, "GET", path)

    def post(self, port, path, fields, files=()):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(value).encode()
                + b"\r\n"
            )
        for name, filename, content_type, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.request(port, "POST", path, body, headers)


def _field(page: bytes, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page.decode())
    assert match, f"no {name} in the form"
    return match.group(1)


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def shared_env(tmp_path):
    """What every web host gets: the same secret, database, Redis and bucket."""
    with running_object_store() as store:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DEBUG="false",
            SECRET_KEY="two-instances-" + secrets.token_hex(16),
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=_database_url(),
            REDIS_URL=os.environ["REDIS_URL"],
            CACHE_KEY_PREFIX="two-instances-" + secrets.token_hex(4),
            STATIC_ROOT=str(tmp_path / "static"),
            TICKETS_FIND_LIMIT="2",
            DJANGO_SETTINGS_MODULE="helpcenter.settings",
            **store.environment(),
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        yield env, store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(env, tmp_path, name):
    port = _free_port()
    host_env = {**env, "MEDIA_ROOT": str(tmp_path / f"media-{name}")}
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "helpcenter.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--control-socket",
            str(tmp_path / f"gunicorn-{name}.ctl"),
        ],
        cwd=ROOT,
        env=host_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser().get(port, "/healthz")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError(f"gunicorn {name} did not start")


@pytest.fixture
def hosts(shared_env, tmp_path):
    env, store = shared_env
    tickets_content.load()
    servers = [_start(env, tmp_path, "a"), _start(env, tmp_path, "b")]
    try:
        yield servers[0][1], servers[1][1], store
    finally:
        for server, _port in servers:
            server.terminate()
            server.wait(timeout=20)


def test_an_appeal_filed_on_one_host_is_read_with_its_file_on_the_other(hosts, tmp_path):
    a, b, store = hosts
    visitor = Browser()
    status, _, form = visitor.get(a, "/appeal/")
    assert status == 200
    topic = re.search(r'name="topic" value="(\d+)"', form.decode()).group(1)
    status, headers, _ = visitor.post(
        a,
        "/appeal/",
        {
            "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken"),
            "form_token": _field(form, "form_token"),
            "topic": topic,
            "name": "Анна Петрова",
            "email": "anna@example.org",
            "subject": "Платёж не дошёл",
            "description": "Деньги списались, а на счёт не пришли.",
            "consent": "on",
        },
        files=[("files", "экран.png", "image/png", png_bytes())],
    )
    assert status == 302, "the appeal was not accepted"
    # The private link is signed with the hosts' SECRET_KEY: take it from the redirect.
    private_link = headers["Location"].removesuffix("sent/")
    appeal = Appeal.objects.get()
    attachment = appeal.attachments.get()
    assert store.keys() == [attachment.file.name]
    assert not any(tmp_path.glob("media-*/**/*.png"))

    someone_with_the_link = Browser()
    status, _, page = someone_with_the_link.get(b, private_link)
    assert status == 200
    assert "Платёж не дошёл" in page.decode()
    file_link = f"{private_link}files/{attachment.pk}/"
    assert file_link in page.decode()
    status, headers, data = someone_with_the_link.get(b, file_link)
    assert status == 200
    assert data == png_bytes()
    assert headers["Cache-Control"] == "private, no-store"


def test_the_find_my_appeal_limit_counts_attempts_on_both_hosts_together(hosts):
    a, b, _store = hosts
    visitor = Browser()
    _, _, form = visitor.get(a, "/appeal/find/")
    fields = {
        "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken"),
        "reference": "SP-7K3-9QX",
        "email": "anna@example.org",
    }
    assert visitor.post(a, "/appeal/find/", fields)[0] == 200
    assert visitor.post(b, "/appeal/find/", fields)[0] == 200
    status, _, page = visitor.post(a, "/appeal/find/", fields)
    assert status == 429
    assert "Слишком много попыток с вашего адреса" in page.decode()
    assert visitor.post(b, "/appeal/find/", fields)[0] == 429


def test_a_staff_login_on_one_host_is_valid_on_the_other(hosts):
    a, b, _store = hosts
    user = make_staff("agent", superuser=True)
    user.set_password(PASSWORD)  # this test signs in through the login form
    user.save(update_fields=["password"])
    staff = Browser()
    _, _, form = staff.get(a, "/admin/login/")
    status, headers, _ = staff.post(
        a,
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": _field(form, "csrfmiddlewaretoken"),
            "username": "agent",
            "password": PASSWORD,
            "next": "/admin/",
        },
    )
    assert status == 302 and headers["Location"] == "/admin/"
    status, _, page = staff.get(b, "/admin/")
    assert status == 200
    assert "Справка: управление" in page.decode()
    assert Browser().get(b, "/admin/")[0] == 302  # without the session: to the login page
