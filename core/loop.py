"""Long-running management commands under a supervisor (systemd): one loop for all of them.

`send_outbox`, `fetch_mail` and `appeal_lifecycle` each run once, or with --loop until SIGTERM.
In the loop any error (database restarting, mail server down, a bug with one item) is logged and
the run tried again after a pause that doubles up to a cap; connections are dropped after a
failure and between runs, so a database that came back is found again; SIGTERM is honoured
between items and during pauses. A subclass says what one run is (`run_once`) and how it reports.
"""

import logging
import signal
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from core.db import close_connections


class SupervisedCommand(BaseCommand):
    label = ""  # prefix of a run's report line: "Outbox: sent 1, …."
    runner = ""  # who is logged: "Outbox sender recovered after 3 failed runs"
    failure = ""  # what failed: "Outbox run failed (2 in a row)"
    logger = logging.getLogger(__name__)
    default_interval = 30.0
    default_batch = 100
    batch_help = "At most this many items per run"

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --interval seconds."
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=f"Seconds between runs with --loop ({self.interval():g}).",
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=self.default_batch,
            help=f"{self.batch_help} ({self.default_batch}).",
        )

    def interval(self) -> float:
        return self.default_interval

    def max_backoff(self) -> float:
        raise NotImplementedError

    def run_once(self, batch):
        """One run; its report is printed when `worth_saying(report)`."""
        raise NotImplementedError

    def worth_saying(self, report) -> bool:
        return True

    def after_run(self) -> None:
        """After each successful run of the loop (periodic housekeeping)."""

    def check(self) -> None:
        """Raise CommandError when the command cannot run at all."""

    def run_single(self, batch) -> None:
        self.stdout.write(f"{self.label}: {self.run_once(batch)}.")

    def handle(self, *args, loop, interval, batch, **options):
        interval = self.interval() if interval is None else interval
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be positive")
        self.check()
        self._stopping = False
        if not loop:
            self.run_single(batch)
            return
        previous = signal.signal(signal.SIGTERM, self._stop)
        try:
            self._loop(interval, batch)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(f"{self.runner} stopped.")

    def _loop(self, interval, batch):
        failures = 0
        while not self._stopping:
            try:
                report = self.run_once(batch)
            except Exception:
                # Whatever it was, a supervised process must not exit: log it, wait longer each
                # time (the exponent capped too: a day-long outage must not overflow the float).
                failures += 1
                pause = min(2.0 ** min(failures - 1, 30), self.max_backoff())
                self.logger.exception(
                    "%s (%d in a row); trying again in %.0f s", self.failure, failures, pause
                )
                close_connections()
            else:
                if failures:
                    self.logger.warning("%s recovered after %d failed runs", self.runner, failures)
                failures, pause = 0, interval
                if self.worth_saying(report):
                    self.stdout.write(f"{self.label}: {report}.")
                self.after_run()
            if self._stopping:
                return
            self._sleep(pause)
            # A long-running process: drop a connection the database has closed meanwhile.
            close_old_connections()

    def _sleep(self, seconds):
        # Short naps so that SIGTERM stops the loop promptly.
        deadline = time.monotonic() + seconds
        while not self._stopping and time.monotonic() < deadline:
            time.sleep(max(0.0, min(1.0, deadline - time.monotonic())))

    def _stop(self, signum, frame):
        self._stopping = True
