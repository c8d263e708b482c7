#!/usr/bin/env bash
# The browser checks' tools come from the npm registry, pinned by package-lock.json:
# axe-core (accessibility rules), vnu-jar (the Nu Html Checker, run with Java) and lighthouse@12
# (Lighthouse 13 needs Node 22). No browser is downloaded: they all use Debian's /usr/bin/chromium.
# Idempotent: `npm ci` runs only when node_modules is missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "NOTE: install ${need_apt[*]} for the browser checks" >&2
    exit 0
  fi
fi
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
