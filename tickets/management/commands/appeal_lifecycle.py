import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.db import close_connections
from tickets import lifecycle

logger = logging.getLogger("tickets.lifecycle")
# After errors: 1 s, doubling, at most this (a long outage must not spin the loop).
MAX_BACKOFF = 300


class Command(BaseCommand):
    help = (
        "Resolves appeals that have waited for the visitor TICKETS_AUTO_RESOLVE_DAYS without an "
        "answer (e-mailing the visitor) and closes appeals resolved TICKETS_AUTO_CLOSE_DAYS ago. "
        "Safe to run on several hosts at once. Runs once, or with --loop until stopped "
        "(SIGTERM); then any error is logged and retried after a pause."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between runs with --loop (TICKETS_LIFECYCLE_INTERVAL, 300).",
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="At most this many appeals per step (200)."
        )

    def handle(self, *args, loop, interval, batch, **options):
        interval = settings.TICKETS_LIFECYCLE_INTERVAL if interval is None else interval
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be positive")
        self._stopping = False
        if not loop:
            self.stdout.write(f"Lifecycle: {self._run(batch)}.")
            return
        previous = signal.signal(signal.SIGTERM, self._stop)
        try:
            self._loop(interval, batch)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Lifecycle runner stopped.")

    def _run(self, batch):
        report = lifecycle.run(batch=batch, stop=lambda: self._stopping)
        for reference in report.resolved:
            logger.info("%s resolved: no answer from the visitor", reference)
        for reference in report.closed:
            logger.info("%s closed after being resolved", reference)
        return report

    def _loop(self, interval, batch):
        failures = 0
        while not self._stopping:
            try:
                report = self._run(batch)
            except Exception:
                # A supervised runner must not exit (database restarting, a bug with one
                # appeal): log it, wait longer each time, start afresh.
                failures += 1
                pause = min(2.0 ** min(failures - 1, 30), MAX_BACKOFF)
                logger.exception(
                    "Lifecycle run failed (%d in a row); trying again in %.0f s", failures, pause
                )
                close_connections()
            else:
                if failures:
                    logger.warning("Lifecycle runner recovered after %d failed runs", failures)
                failures, pause = 0, interval
                if report.resolved or report.closed:
                    self.stdout.write(f"Lifecycle: {report}.")
            if self._stopping:
                return
            self._sleep(pause)
            close_old_connections()

    def _sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(max(0.0, min(1.0, deadline - time.monotonic())))

    def _stop(self, signum, frame):
        self._stopping = True
