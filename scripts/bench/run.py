"""`make bench`: the production stack under load, at a real help center's size.

    python -m scripts.bench.run [--rebuild] [--small] [--duration 15] [--sqlite]

1. The volume (5,000 articles in 50 categories, 100,000 appeals; --small: 200 / 10 / 1,000) is
   built on PostgreSQL, in BENCH_DATABASE_URL, else DATABASE_URL if it is PostgreSQL, else a
   database `spravka_bench` (`spravka_bench_small`) on the local server, created by the script.
   It is kept between runs (a marker table records its version and size); --rebuild drops and
   builds it again. A database that has tables but no marker is never dropped.
2. gunicorn with 2 workers, DEBUG off, Redis (REDIS_URL; redis://127.0.0.1:6379/2 if unset) and
   WhiteNoise after collectstatic, on a free 127.0.0.1 port with its own control socket.
3. wrk (installed with apt-get if missing) from a separate process: -t2 -c32 for --duration
   seconds per URL; search and suggest cycle through 350 distinct queries.
4. Prints per URL: requests/s, p50, p99, errors, bytes, SQL queries (in-process, cold and warm
   cache), ratio to the static file of the same run, and the issue's targets; then the workers'
   memory and the p95 of single uncached searches.

Missed targets are reported, not fatal: the exit status is non-zero only when something broke.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
WORK = ROOT / "var" / "bench"

PAGE_TARGET, SEARCH_TARGET = 0.5, 0.2  # × the static file's requests/s (issue 7)
P99_TARGET_MS = 100
RSS_TARGET_MB = 250
SEARCH_P95_TARGET_MS = {"postgresql": 50, "sqlite": 150}


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


def get(url: str, timeout: float = 30) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


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
        # own control socket (gunicorn 23+ keeps one per machine by default).
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "helpcenter.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--access-logfile",
                "-",
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

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
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


# --- Report -----------------------------------------------------------------------------------


def mark(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def print_table(rows: list[dict], static_rps: float) -> None:
    header = (
        f"{'URL':<16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'bytes':>9} "
        f"{'SQL c/w':>8} {'×static':>8}  target"
    )
    log(header)
    log("-" * len(header))
    for row in rows:
        w = row["wrk"]
        ratio = w["rps"] / static_rps if static_rps else 0.0
        target = row["target"]
        checks = [w["p99_us"] / 1000 < P99_TARGET_MS, w["errors"] == 0]
        if target:
            checks.append(ratio >= target)
        wanted = f"≥{target}× " if target else ""
        sql = row.get("sql")
        sql_text = f"{sql['sql_cold']}/{sql['sql_warm']}" if sql else "-"
        log(
            f"{row['name']:<16} {w['rps']:>9.1f} {w['p50_us'] / 1000:>8.1f} "
            f"{w['p99_us'] / 1000:>8.1f} {w['errors']:>7} {w['bytes_per_response']:>9.0f} "
            f"{sql_text:>8} {ratio:>8.3f}  {wanted}p99<{P99_TARGET_MS}ms 0 err: "
            f"{mark(all(checks))}"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="drop and build the volume again")
    parser.add_argument(
        "--small",
        action="store_true",
        default=os.environ.get("BENCH_SMALL", "") not in ("", "0"),
        help="smoke mode: 200 articles, 1,000 appeals, 2 s per URL (BENCH_SMALL=1)",
    )
    parser.add_argument("--duration", type=int, default=None, help="seconds per URL (15)")
    parser.add_argument(
        "--sqlite",
        action="store_true",
        default=os.environ.get("BENCH_SQLITE", "") not in ("", "0"),
        help="also time single searches on an SQLite copy of the articles (BENCH_SQLITE=1)",
    )
    args = parser.parse_args(argv)
    duration = args.duration or int(os.environ.get("BENCH_DURATION") or (2 if args.small else 15))
    WORK.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from scripts.bench import queries as query_rotation

    wrk = ensure_wrk()
    url, ours = database_url(args.small)
    prepare_database(url, ours, args.rebuild)
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"
    run_id = secrets.token_hex(4)
    static_root = Path(tempfile.mkdtemp(prefix="spravka-bench-static-"))
    common = {
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-" + secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(WORK / "media"),
        "SITE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    # Each run (and each in-process step) has its own cache key prefix: every run starts cold
    # and nothing is flushed from a Redis database someone else may share.
    env = django_env(os.environ, **common, CACHE_KEY_PREFIX=f"spravka-bench-{run_id}")

    size = "small" if args.small else "full"
    log(f"Volume ({size}) in {urlsplit(url).path.lstrip('/')}…")
    started = time.monotonic()
    built = phase(env, "build", "--size", size)
    log(
        "  built in %.0f s" % (time.monotonic() - started)
        if built["built"]
        else f"  reused: {built['marker']}"
    )

    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    css = "/static/" + manifest["paths"]["css/site.css"]

    rotation = WORK / "queries.txt"
    distinct = query_rotation.build()
    rotation.write_text("\n".join(quote(q) for q in distinct) + "\n", encoding="utf-8")

    planned = phase(
        django_env(os.environ, **common, CACHE_KEY_PREFIX=f"spravka-bench-{run_id}-sql"),
        "plan",
        "--queries",
        str(rotation),
    )
    targets = [("static (CSS)", css, None, None)]
    targets += [(name, path, PAGE_TARGET, None) for name, path in planned["urls"].items()]
    targets += [
        ("search", "/help/search/?q=", SEARCH_TARGET, rotation),
        ("suggest", "/help/suggest/?q=", SEARCH_TARGET, rotation),
    ]

    log(
        f"\nLoad: wrk -t2 -c32 -d{duration}s per URL; gunicorn 2 sync workers, DEBUG off, "
        f"PostgreSQL, Redis, DATABASE_CONN_MAX_AGE={common['DATABASE_CONN_MAX_AGE']}; "
        f"search/suggest rotate {len(distinct)} distinct queries"
    )
    rows = []
    with Gunicorn(env) as server:
        for name, path, target, queries_file in targets:
            status = get(server.base + (path + quote(distinct[0]) if queries_file else path))
            log(f"  {name}: {path} (HTTP {status})")
            result = run_wrk(
                wrk,
                server.base + ("/" if queries_file else path),
                duration,
                queries_file,
                path if queries_file else "",
            )
            rows.append(
                {
                    "name": name,
                    "path": path,
                    "target": target,
                    "wrk": result,
                    "sql": planned["sql"].get(name),
                }
            )
        rss = server.worker_rss_mb()

    static_rps = rows[0]["wrk"]["rps"]
    log("")
    print_table(rows, static_rps)
    log("\nSQL c/w: queries of one in-process request with a cold cache / right after it.")
    log("bytes: per response, headers included (Accept-Encoding: gzip).")
    log(
        "\nWorkers' memory after the run (VmRSS): "
        + ", ".join(f"{mb:.0f} MB" for mb in rss)
        + f"  target < {RSS_TARGET_MB} MB: {mark(bool(rss) and max(rss) < RSS_TARGET_MB)}"
    )

    log("\nSingle uncached searches (each distinct query once, in-process):")
    timed_queries = 60 if args.small else 300
    timings = {
        "postgresql": phase(
            django_env(os.environ, **common, CACHE_KEY_PREFIX=f"spravka-bench-{run_id}-search"),
            "search-timing",
            "--queries",
            str(rotation),
            "--limit",
            str(timed_queries),
        )
    }
    if args.sqlite:
        timings["sqlite"] = sqlite_timing(common, size, rotation, timed_queries)
    for engine, timing in timings.items():
        target = SEARCH_P95_TARGET_MS[engine]
        for kind in ("search",):
            t = timing[kind]
            log(
                f"  {engine:<10} {kind:<8} {timing['articles']} articles, {timing['queries']} "
                f"queries: p50 {t['p50_ms']:.1f} ms, p95 {t['p95_ms']:.1f} ms, max "
                f"{t['max_ms']:.0f} ms, errors {t['errors']}  target p95 < {target} ms: "
                f"{mark(t['p95_ms'] < target and not t['errors'])}"
            )
    if not args.sqlite:
        log("  (SQLite: run with --sqlite / BENCH_SQLITE=1)")

    (WORK / "last.json").write_text(
        json.dumps({"rows": rows, "rss_mb": rss, "search": timings}, indent=1, ensure_ascii=False)
    )
    log(f"\nFull results: {WORK / 'last.json'}")
    shutil.rmtree(static_root, ignore_errors=True)
    return 0


def sqlite_timing(common: dict, size: str, rotation: Path, limit: int) -> dict:
    """The same articles' size on the default SQLite run (kept in var/bench between runs)."""
    path = WORK / f"search-{size}.sqlite3"
    env = django_env(
        os.environ,
        **{**common, "DATABASE_URL": f"sqlite:///{path}"},
        CACHE_KEY_PREFIX=f"spravka-bench-sqlite-{secrets.token_hex(4)}",
    )
    env.pop("REDIS_URL", None)  # the default run has no Redis
    log(f"  SQLite copy in {path}…")
    built = phase(env, "build", "--size", size)
    if built["built"]:
        log("  built")
    return phase(env, "search-timing", "--queries", str(rotation), "--limit", str(limit))


if __name__ == "__main__":
    sys.exit(main())
