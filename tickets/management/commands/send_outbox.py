import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.db import close_connections
from core.files import remove_stale_uploads
from tickets.mail import send_due

logger = logging.getLogger("tickets.outbox")
# With --loop, stale temporary uploads are swept this often: one supervised process does it all.
CLEANUP_EVERY = 3600


class Command(BaseCommand):
    help = (
        "Sends the e-mails waiting in the outbox (appeal confirmations, support's replies, "
        "links sent again). A failed message is retried later, waiting twice as long each time, "
        "until TICKETS_OUTBOX_MAX_ATTEMPTS. Runs once, or with --loop until stopped (SIGTERM): "
        "then any error (database, mail server, DNS) is logged and retried after a pause, and "
        "stale temporary uploads are removed every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval seconds."
        )
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between runs with --loop (30)."
        )
        parser.add_argument(
            "--batch", type=int, default=100, help="At most this many e-mails per run (100)."
        )

    def handle(self, *args, loop, interval, batch, **options):
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be positive")
        self._stopping = False
        if not loop:
            self.stdout.write(f"Outbox: {self._run(batch)}.")
            return
        previous = signal.signal(signal.SIGTERM, self._stop)
        try:
            self._loop(interval, batch)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Outbox sender stopped.")

    def _run(self, batch):
        report = send_due(batch=batch, stop=lambda: self._stopping)
        for error in report.errors:
            self.stderr.write(error)
        return report

    def _loop(self, interval, batch):
        failures, next_cleanup = 0, 0.0
        while not self._stopping:
            try:
                report = self._run(batch)
            except Exception:
                # Whatever it was (database gone, mail server or DNS down, a bug with one
                # message), a supervised sender must not exit: log it, wait, start afresh.
                failures += 1
                # The exponent is capped too: a day-long outage must not overflow the float.
                pause = min(2.0 ** min(failures - 1, 30), settings.TICKETS_OUTBOX_LOOP_MAX_BACKOFF)
                logger.exception(
                    "Outbox run failed (%d in a row); trying again in %.0f s", failures, pause
                )
                close_connections()
            else:
                if failures:
                    logger.warning("Outbox sender recovered after %d failed runs", failures)
                failures, pause = 0, interval
                if report.sent or report.retrying or report.failed:
                    self.stdout.write(f"Outbox: {report}.")
                if time.monotonic() >= next_cleanup:
                    next_cleanup = time.monotonic() + CLEANUP_EVERY
                    self._clean_uploads()
            if self._stopping:
                return
            self._sleep(pause)
            # A long-running process: drop a connection the database has closed meanwhile.
            close_old_connections()

    def _clean_uploads(self):
        try:
            removed = remove_stale_uploads()
        except OSError:
            logger.exception("Stale uploads could not be removed")
            return
        if removed:
            self.stdout.write(f"Removed {removed} stale temporary upload(s).")

    def _sleep(self, seconds):
        # Short naps so that SIGTERM stops the loop promptly.
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(max(0.0, min(1.0, deadline - time.monotonic())))

    def _stop(self, signum, frame):
        self._stopping = True
