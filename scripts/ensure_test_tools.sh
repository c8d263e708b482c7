#!/bin/sh
# Installs the Debian tools some tests start privately (idempotent; run as root, e.g. by
# `make test` and .ci/run). Tests that need a tool skip with a clear reason when it is missing.
#   nginx       - tests/core/test_nginx_front.py: the production front before gunicorn
#   postgresql  - tests/tickets/test_outbox_outage.py: a private cluster stopped on purpose
#   dovecot     - tests/tickets/ (fetch_mail): a private IMAP server started by the tests
#   util-linux  - runuser (run initdb/pg_ctl as the postgres user), mount (a small tmpfs)
set -eu

missing=""
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
[ -x /usr/sbin/dovecot ] || missing="$missing dovecot-imapd"
command -v runuser >/dev/null 2>&1 || missing="$missing util-linux"
command -v msgfmt >/dev/null 2>&1 || missing="$missing gettext"

if [ -n "$missing" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "ensure_test_tools: missing$missing (run as root to install); those tests will skip" >&2
        exit 0
    fi
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
    # Debian starts a packaged nginx; the tests run their own on free ports.
    # Debian starts a packaged Dovecot too; the tests start their own with a private config.
    if command -v systemctl >/dev/null 2>&1; then
        systemctl disable --now nginx 2>/dev/null || true
        systemctl disable --now dovecot 2>/dev/null || true
    fi
fi
