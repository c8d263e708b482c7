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
   cache), ratio to the static file of the same run (its rate in short runs just before and just
   after the URL's, averaged: the machine's speed drifts), and the issue's targets; then the
   workers' memory and the p95 of single uncached searches.

Missed targets are reported, not fatal: the exit status is non-zero only when something broke.
"""

import argparse
import itertools
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

from scripts.bench import queries as query_rotation
from scripts.bench.stack import (
    PYTHON,
    ROOT,
    WORK,
    Gunicorn,
    database_url,
    django_env,
    ensure_wrk,
    get,
    log,
    phase,
    prepare_database,
    run_wrk,
)

PAGE_TARGET, SEARCH_TARGET = 0.5, 0.2  # × the static file's requests/s (issue 7)
P99_TARGET_MS = 100
RSS_TARGET_MB = 250
SEARCH_P95_TARGET_MS = {"postgresql": 50, "sqlite": 150}


# --- Report -----------------------------------------------------------------------------------


def mark(ok: bool) -> str:
    return "pass" if ok else "FAIL"


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'URL':<16} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'bytes':>9} "
        f"{'SQL c/w':>8} {'static':>8} {'×static':>8}  target"
    )
    log(header)
    log("-" * len(header))
    for row in rows:
        w = row["wrk"]
        reference = row["static_rps"]
        ratio = w["rps"] / reference if reference else 0.0
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
            f"{sql_text:>8} {reference:>8.0f} {ratio:>8.3f}  {wanted}p99<{P99_TARGET_MS}ms "
            f"0 err: {mark(all(checks))}"
        )


def reference_rates(first: float, between: list[float]) -> list[float]:
    """The static file's rate each row's ratio is taken against: the mean of the static runs
    just before and just after that URL's (`between`: one before each URL and one after the
    last). This machine's speed drifts by a third within minutes, and a single static run at the
    start made every later ratio partly a measure of the drift (a URL could pass or fail on it)."""
    return [first] + [(before + after) / 2 for before, after in itertools.pairwise(between)]


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
        "--only",
        default=os.environ.get("BENCH_ONLY", ""),
        help="comma-separated URL names to load (e.g. search,suggest; the static file always "
        "runs, for the ratio) (BENCH_ONLY)",
    )
    parser.add_argument(
        "--sqlite",
        action="store_true",
        default=os.environ.get("BENCH_SQLITE", "") not in ("", "0"),
        help="also time single searches on an SQLite copy of the articles (BENCH_SQLITE=1)",
    )
    args = parser.parse_args(argv)
    duration = args.duration or int(os.environ.get("BENCH_DURATION") or (2 if args.small else 15))
    WORK.mkdir(parents=True, exist_ok=True)

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
    if built.get("stale"):
        log(f"  the kept volume is stale ({built['marker']}): building it again")
        prepare_database(url, ours, True)
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

    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        targets = [t for i, t in enumerate(targets) if i == 0 or t[0] in wanted]
    log(
        f"\nLoad: wrk -t2 -c32 -d{duration}s per URL; gunicorn 2 sync workers, DEBUG off, "
        f"PostgreSQL, Redis, DATABASE_CONN_MAX_AGE={common['DATABASE_CONN_MAX_AGE']}; "
        f"search/suggest rotate {len(distinct)} distinct queries"
    )
    rows = []
    between: list[float] = []  # the static file's rate before each URL, and after the last
    reference_seconds = max(2, duration // 3)
    static_url = targets[0][1]
    peak_rss: list[float] = []
    (WORK / "gunicorn.log").write_text("")  # this run's log only (restarts append to it)
    with Gunicorn(env) as server:
        for index, (name, path, target, queries_file) in enumerate(targets):
            if index:
                static_now = run_wrk(wrk, server.base + static_url, reference_seconds, None)
                between.append(static_now["rps"])
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
            peak_rss = [max(pair) for pair in zip(peak_rss or [0.0] * len(rss), rss, strict=False)]
            if server.settle():
                log("    (workers still busy a minute after wrk stopped: gunicorn restarted)")
        between.append(run_wrk(wrk, server.base + static_url, reference_seconds, None)["rps"])

    for row, reference in zip(rows, reference_rates(rows[0]["wrk"]["rps"], between), strict=True):
        row["static_rps"] = reference
    log("")
    print_table(rows)
    log(
        f"\nstatic: the static file's requests/s this row's ratio is taken against: the mean of "
        f"{reference_seconds} s runs just before and just after the URL's (the first row: its own "
        "run)."
    )
    log("SQL c/w: queries of one in-process request with a cold cache / right after it.")
    log("bytes: per response, headers included (Accept-Encoding: gzip).")
    log(
        "\nWorkers' memory (VmRSS, the largest seen after each URL): "
        + ", ".join(f"{mb:.0f} MB" for mb in peak_rss)
        + f"  target < {RSS_TARGET_MB} MB: "
        + mark(bool(peak_rss) and max(peak_rss) < RSS_TARGET_MB)
    )

    log("\nSingle uncached searches (each distinct query once, in-process):")
    timed_queries = int(os.environ.get("BENCH_SEARCH_QUERIES") or (60 if args.small else 300))
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
        json.dumps(
            {"rows": rows, "rss_mb": peak_rss, "search": timings}, indent=1, ensure_ascii=False
        )
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
    if built.get("stale"):
        log(f"  the kept volume is stale ({built['marker']}): building it again")
        path.unlink()
        built = phase(env, "build", "--size", size)
    if built["built"]:
        log("  built")
    return phase(env, "search-timing", "--queries", str(rotation), "--limit", str(limit))


if __name__ == "__main__":
    sys.exit(main())
