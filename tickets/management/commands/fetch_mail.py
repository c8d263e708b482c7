import imaplib
import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.db import close_connections
from tickets.inbound.imap import MailboxError, fetch_once

logger = logging.getLogger("tickets.inbound")


class Command(BaseCommand):
    help = (
        "Reads the support mailbox over IMAP (TICKETS_IMAP_* settings): answers to appeal "
        "e-mails become the visitor's replies, unmatched and automatic mail is kept for staff in "
        "admin. Each message is moved out of the folder once saved, and never imported twice, "
        "even with several fetchers. Runs once, or with --loop until stopped (SIGTERM): then any "
        "error (mailbox, database, network) is logged and retried after a pause."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between runs with --loop (60)."
        )
        parser.add_argument(
            "--batch", type=int, default=500, help="At most this many messages per run (500)."
        )

    def handle(self, *args, loop, interval, batch, **options):
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be positive")
        if not settings.TICKETS_IMAP_HOST:
            raise CommandError("TICKETS_IMAP_HOST is not set: there is no mailbox to read")
        self._stopping = False
        if not loop:
            try:
                report = fetch_once(stop=lambda: self._stopping, limit=batch)
            except MailboxError as exc:
                raise CommandError(str(exc)) from exc
            except (imaplib.IMAP4.abort, ConnectionError, TimeoutError) as exc:
                # The server went away mid-run (restart, network): a clear line for cron, not a
                # traceback. What was saved stays saved; the next run moves it, never imports it
                # again (its digest is known).
                raise CommandError(
                    f"The connection to the mailbox was lost ({exc}); nothing is lost, run again."
                ) from exc
            self.stdout.write(f"Mail: {report}.")
            return
        previous = signal.signal(signal.SIGTERM, self._stop)
        try:
            self._loop(interval, batch)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Mail fetcher stopped.")

    def _loop(self, interval, batch):
        failures = 0
        while not self._stopping:
            try:
                report = fetch_once(stop=lambda: self._stopping, limit=batch)
            except Exception:
                # Mailbox down, wrong password, database restarting, a bug with one message: a
                # supervised fetcher must not exit. Log it, wait longer each time, start afresh.
                failures += 1
                pause = min(2.0 ** min(failures - 1, 30), settings.TICKETS_IMAP_LOOP_MAX_BACKOFF)
                logger.exception(
                    "Mail fetch failed (%d in a row); trying again in %.0f s", failures, pause
                )
                close_connections()
            else:
                if failures:
                    logger.warning("Mail fetcher recovered after %d failed runs", failures)
                failures, pause = 0, interval
                if report.imported or report.unmatched or report.ignored:
                    self.stdout.write(f"Mail: {report}.")
            if self._stopping:
                return
            self._sleep(pause)
            close_old_connections()

    def _sleep(self, seconds):
        # Short naps so that SIGTERM stops the loop promptly.
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(max(0.0, min(1.0, deadline - time.monotonic())))

    def _stop(self, signum, frame):
        self._stopping = True
