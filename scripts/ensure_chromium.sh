#!/usr/bin/env bash
# Browser tests drive the system Chromium (Debian package `chromium`); never a downloaded build.
# As root on Debian this installs it when missing; otherwise it says what to do.
set -u
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$CHROMIUM_PATH" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  [ -x "$CHROMIUM_PATH" ] && exit 0
fi
echo "NOTE: $CHROMIUM_PATH is missing; browser tests will be skipped (and fail under CI)." \
     "Install it with: sudo apt-get install chromium" >&2
exit 0
