import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from tickets.mail import send_due


class Command(BaseCommand):
    help = (
        "Sends the e-mails waiting in the outbox (appeal confirmations, support's replies, "
        "links sent again). A failed message is retried later, waiting twice as long each time, "
        "until TICKETS_OUTBOX_MAX_ATTEMPTS. Runs once, or with --loop until stopped."
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
        if loop:
            signal.signal(signal.SIGTERM, self._stop)
        while True:
            report = send_due(batch=batch)
            for error in report.errors:
                self.stderr.write(error)
            if report.sent or report.retrying or report.failed or not loop:
                self.stdout.write(f"Outbox: {report}.")
            if not loop or self._stopping:
                return
            try:
                self._sleep(interval)
            except KeyboardInterrupt:
                return
            if self._stopping:
                return
            # A long-running process: drop a connection the database has closed meanwhile.
            close_old_connections()

    def _sleep(self, seconds):
        # Short naps so that SIGTERM stops the loop promptly.
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))

    def _stop(self, signum, frame):
        self._stopping = True
