"""The benchmark's moving parts outside Django: its PostgreSQL database, gunicorn, wrk."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORK = ROOT / "var" / "bench"


def log(message: str = "") -> None:
    print(message, flush=True)


# --- Database ---------------------------------------------------------------------------------


def database_url(small: bool) -> tuple[str, bool]:
    """The URL, and whether the script chose (and may drop) the database itself."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"], False
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        return given, False
    name = "spravka_bench_small" if small else "spravka_bench"
    return f"postgres://postgres@127.0.0.1:5432/{name}", True


def _connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
    )


def prepare_database(url: str, ours: bool, rebuild: bool) -> None:
    """Creates the database if missing; drops and recreates it for --rebuild, but only when it
    is empty or holds a benchmark volume (never a database with someone else's tables)."""
    import psycopg

    from scripts.bench.volume import MARKER_TABLE

    name = urlsplit(url).path.lstrip("/")
    with _connect(url, "postgres") as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and rebuild:
            with _connect(url) as conn:
                tables = {
                    r[0]
                    for r in conn.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                }
            if tables and MARKER_TABLE not in tables and not ours:
                raise SystemExit(
                    f"Refusing to drop database {name!r}: it has tables and no benchmark "
                    "volume. Point BENCH_DATABASE_URL at a database of its own."
                )
            log(f"Dropping database {name} (--rebuild)")
            drop = psycopg.sql.SQL("DROP DATABASE {} WITH (FORCE)")
            admin.execute(drop.format(psycopg.sql.Identifier(name)))
            exists = False
        if not exists:
            log(f"Creating database {name}")
            admin.execute(
                psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name))
            )


# --- Processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def django_env(base: dict, **extra) -> dict:
    env = {k: v for k, v in base.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="helpcenter.settings", **extra)
    return env


def phase(env: dict, name: str, *args: str) -> dict:
    out = WORK / f"{name}.json"
    subprocess.run(
        [PYTHON, "-m", "scripts.bench.phases", name, "--out", str(out), *args],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("Installing wrk (apt-get)…")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


def get(url: str, timeout: float = 30) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except TimeoutError:
        return f"no answer in {timeout:g} s"


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.workers = workers
        self.process = None

    def __enter__(self):
        WORK.mkdir(parents=True, exist_ok=True)
        self.log = open(WORK / "gunicorn.log", "w")
        # The README's production command, with 2 workers as in the measurement, its
        # own control socket (gunicorn 23+ keeps one per machine by default). No access log, as
        # in production: nginx writes it there (deploy/nginx.conf).
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "helpcenter.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--control-socket",
                str(WORK / f"gunicorn-{self.port}.ctl"),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
            try:
                if get(self.base + "/healthz", timeout=5) == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def worker_rss_mb(self) -> list[float]:
        """VmRSS of each worker (the master's children), in MB."""
        sizes = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                if ppid != self.process.pid:
                    continue
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except (OSError, ValueError, IndexError):
                continue
        return sorted(sizes)

    def settle(self, wait: float = 60) -> bool:
        """Waits for the workers to finish what wrk left queued (a sync worker finishes every
        accepted request, even one whose client has gone). Too long: a fresh start, so the
        next URL is not measured behind the last one's backlog. True if it had to restart."""
        try:
            if get(self.base + "/healthz", timeout=wait) == 200:
                return False
        except OSError:
            pass
        self.__exit__()
        self.__enter__()
        return True

    def __exit__(self, *exc):
        if self.process.poll() is None:
            # SIGINT: quick shutdown, workers stop at once (SIGTERM would let them finish).
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def run_wrk(wrk: str, url: str, duration: int, rotation: Path | None, prefix: str = "") -> dict:
    command = [
        wrk,
        "-t2",
        "-c32",
        f"-d{duration}s",
        "--timeout",
        "30s",
        # What a browser sends: compressed responses where the server offers them.
        "-H",
        "Accept-Encoding: gzip",
        "-s",
        str(ROOT / "scripts" / "bench" / "report.lua"),
        url,
    ]
    if rotation:
        command += ["--", str(rotation), prefix]
    done = subprocess.run(command, capture_output=True, text=True, timeout=duration + 120)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            seconds = result["duration_us"] / 1e6
            result["rps"] = result["requests"] / seconds if seconds else 0.0
            result["errors"] = (
                sum(
                    result[k]
                    for k in ("connect_errors", "read_errors", "write_errors", "status_errors")
                )
                + result["timeouts"]
            )
            result["bytes_per_response"] = (
                result["bytes"] / result["requests"] if result["requests"] else 0
            )
            return result
    raise SystemExit(f"wrk gave no result for {url}:\n{done.stdout}\n{done.stderr}")
