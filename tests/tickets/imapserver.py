"""A private Dovecot IMAP server for the mail tests: its own configuration, users file, maildirs
and log in a temporary folder, listening on 127.0.0.1 on free ports: plain IMAP, and IMAPS with a
self-signed certificate made by `openssl req`. Needs /usr/sbin/dovecot (Debian `dovecot-imapd`,
installed by scripts/ensure_test_tools.sh) and root (Dovecot starts as root and drops to an
unprivileged mail user); skipped with the reason otherwise.

Dovecot's login processes run as `dovenull` and its mail processes as `nobody`, so the folder
lives under /tmp with mode 0755 (pytest's tmp_path is root-only)."""

import imaplib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import free_port

DOVECOT = "/usr/sbin/dovecot"
ACCOUNTS = 300  # one fresh mailbox per test
MAIL_UID = MAIL_GID = 65534  # nobody / nogroup: Dovecot refuses to run mail as root

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
first_valid_uid = {uid}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclass
class MailAccount:
    host: str
    port: int
    ssl_port: int
    cafile: str
    user: str
    password: str

    def client(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(self.user, self.password)
        return imap

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        imap = self.client()
        try:
            status, data = imap.append(folder, None, None, raw)
            assert status == "OK", data
        finally:
            imap.logout()

    def count(self, folder: str) -> int:
        imap = self.client()
        try:
            status, data = imap.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            imap.logout()

    def settings(self, settings, *, security: str = "none") -> None:
        settings.TICKETS_IMAP_HOST = self.host
        settings.TICKETS_IMAP_PORT = self.ssl_port if security == "ssl" else self.port
        # STARTTLS upgrades the plain listener; "ssl" speaks TLS from the first byte.
        settings.TICKETS_IMAP_SECURITY = security
        settings.TICKETS_IMAP_CA_FILE = self.cafile
        settings.TICKETS_IMAP_USER = self.user
        settings.TICKETS_IMAP_PASSWORD = self.password

    def env(self) -> dict[str, str]:
        return {
            "TICKETS_IMAP_HOST": self.host,
            "TICKETS_IMAP_PORT": str(self.port),
            "TICKETS_IMAP_SECURITY": "none",
            "TICKETS_IMAP_USER": self.user,
            "TICKETS_IMAP_PASSWORD": self.password,
        }


class Dovecot:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="spravka-dovecot-"))
        self.root.chmod(0o755)
        self.port, self.ssl_port = free_port(), free_port()
        self.users = 0
        self.process = None

    def start(self):
        root = self.root
        (root / "mail").mkdir()
        os.chown(root / "mail", MAIL_UID, MAIL_GID)
        # Every account is written before Dovecot starts: it re-reads a changed users file only
        # when its modification time moves on, which two accounts made in one second do not.
        (root / "users").write_text(
            "".join(f"{user}:{{PLAIN}}{password}\n" for user, password in self._accounts())
        )
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem"),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        conf = root / "dovecot.conf"
        conf.write_text(
            CONFIG.format(
                root=root, uid=MAIL_UID, gid=MAIL_GID, port=self.port, ssl_port=self.ssl_port
            )
        )
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot exited: {self.process.stderr.read().decode()}")
            try:
                imaplib.IMAP4("127.0.0.1", self.port, timeout=2).logout()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("dovecot did not start listening")

    @staticmethod
    def _accounts() -> list[tuple[str, str]]:
        return [(f"support{n}", f"secret-{n}") for n in range(1, ACCOUNTS + 1)]

    def account(self) -> MailAccount:
        """A new user with an empty mailbox: each test reads only its own messages."""
        self.users += 1
        user, password = self._accounts()[self.users - 1]
        return MailAccount(
            "127.0.0.1", self.port, self.ssl_port, str(self.root / "cert.pem"), user, password
        )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def _missing(message: str):
    # Installed by `make test` and .ci/run like Chromium: CI must not pass by skipping them.
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def dovecot():
    if not Path(DOVECOT).exists():
        _missing(
            "Dovecot is not installed (/usr/sbin/dovecot, Debian package dovecot-imapd; "
            "scripts/ensure_test_tools.sh installs it)"
        )
    if os.geteuid() != 0:
        # As the nginx and PostgreSQL-outage tests: skipped, with the reason, when not root.
        pytest.skip("the private Dovecot must start as root (it drops to the mail user itself)")
    server = Dovecot().start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot, settings) -> MailAccount:
    """A fresh IMAP account, and the site's TICKETS_IMAP_* settings pointing at it."""
    account = dovecot.account()
    account.settings(settings)
    settings.TICKETS_IMAP_DONE_FOLDER = "processed"
    settings.TICKETS_IMAP_FAILED_FOLDER = "unmatched"
    return account
