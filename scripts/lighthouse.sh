#!/usr/bin/env bash
# Lighthouse (npm lighthouse@12, from node_modules) on the real site as production runs it:
# gunicorn, DEBUG off, SQLite with the shipped content, collected static files. Prints the four
# scores of /, /contacts/, an article and /appeal/ and fails if any is below LIGHTHOUSE_MIN (95).
# Chromium is Debian's (/usr/bin/chromium); nothing is downloaded. Usage: make lighthouse
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
GUNICORN=$(dirname "$PY")/gunicorn
MIN=${LIGHTHOUSE_MIN:-95}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

bash scripts/ensure_chromium.sh
bash scripts/ensure_browser_tools.sh
[ -x "$CHROME_PATH" ] || { echo "FAIL: $CHROME_PATH is missing" >&2; exit 1; }

WORK=$(mktemp -d -t spravka-lighthouse-XXXXXX)
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
# A production-like environment of its own: nothing here touches the developer's database.
export DEBUG=false
export SECRET_KEY="lighthouse-only-$(date +%s)-not-a-secret-0123456789abcdefghijklmnop"
export ALLOWED_HOSTS=127.0.0.1
export SITE_URL="$BASE"
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export STATIC_ROOT="$WORK/static"
export MEDIA_ROOT="$WORK/media"
# Plain http on localhost: secure-only cookies would never come back.
export SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
unset REDIS_URL

"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py load_content -v 0 >/dev/null
"$PY" manage.py collectstatic --noinput -v 0
ARTICLE=$("$PY" manage.py shell -v 0 -c \
  'from faq.models import Article; print(Article.objects.published().get(slug="support-phone-numbers").get_absolute_url())')

"$GUNICORN" helpcenter.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 \
  --control-socket "$WORK/gunicorn.ctl" --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
SERVER_PID=$!
for _ in $(seq 1 50); do
  curl -fs -o /dev/null "$BASE/healthz" && break
  sleep 0.2
done
curl -fs -o /dev/null "$BASE/healthz" || { cat "$WORK/gunicorn.log" >&2; echo "FAIL: the site did not start" >&2; exit 1; }

status=0
printf '%-52s %5s %5s %5s %5s\n' "page" "perf" "a11y" "bp" "seo"
# One Lighthouse run of $1 into $2. Lighthouse itself sometimes fails to record Chromium's trace
# (NO_NAVSTART, NO_FCP): that is a failed measurement, not a score, so it is tried again (up to 3
# times); a low score is not.
measure() {
  for attempt in 1 2 3; do
    if npx --no-install lighthouse "$BASE$1" --quiet --output=json --output-path="$2" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>"$WORK/lighthouse.log"; then
      return 0
    fi
    echo "lighthouse could not measure $1 (attempt $attempt of 3):" >&2
    grep -m1 -i "error" "$WORK/lighthouse.log" >&2 || true
  done
  cat "$WORK/lighthouse.log" >&2
  echo "FAIL: lighthouse could not run on $1" >&2
  exit 1
}

# Scores of the given reports, per category the median (one report: its own); exit 1 if any is
# below the minimum, naming the audits that cost points.
check() {
  "$PY" - "$MIN" "$@" <<'PYEOF'
import json, statistics, sys
minimum, path, files = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
reports = [json.load(open(f)) for f in files]
names = ["performance", "accessibility", "best-practices", "seo"]
scores = [
    round(statistics.median((r["categories"][n]["score"] or 0) * 100 for r in reports))
    for n in names
]
runs = f"  (median of {len(reports)} runs)" if len(reports) > 1 else ""
print(f"{path:52} " + " ".join(f"{s:5d}" for s in scores) + runs)
low = [n for n, s in zip(names, scores) if s < minimum]
report = reports[0]
for n in low:
    for ref in report["categories"][n]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
            print(f"    {n}: {audit['title']} ({audit.get('displayValue', audit['score'])})")
sys.exit(2 if low == ["performance"] else 1 if low else 0)
PYEOF
}

for path in / /contacts/ "$ARTICLE" /appeal/; do
  measure "$path" "$WORK/report1.json"
  result=0
  check "$path" "$WORK/report1.json" >"$WORK/check.txt" || result=$?
  if [ "$result" = 2 ]; then
    # Only the performance score is low. It is timed on this machine's CPU (Total Blocking Time
    # is main-thread time, scaled by the simulated slow phone), and on a busy or slow host one run
    # can lose ten points the page itself did not: Lighthouse's own advice for a number that
    # decides something is the median of several runs. Two more runs, then the median of three.
    measure "$path" "$WORK/report2.json"
    measure "$path" "$WORK/report3.json"
    result=0
    check "$path" "$WORK/report1.json" "$WORK/report2.json" "$WORK/report3.json" \
      >"$WORK/check.txt" || result=$?
  fi
  cat "$WORK/check.txt"
  [ "$result" = 0 ] || status=1
done
[ "$status" = 0 ] && echo "Lighthouse: every score is at least $MIN" || echo "FAIL: a score is below $MIN" >&2
exit "$status"
