import logging
import time

from django.conf import settings

from core.files import remove_stale_uploads
from core.loop import SupervisedCommand
from tickets.mail import send_due

# With --loop, stale temporary uploads are swept this often: one supervised process does it all.
CLEANUP_EVERY = 3600


class Command(SupervisedCommand):
    help = (
        "Sends the e-mails waiting in the outbox (appeal confirmations, support's replies, "
        "links sent again). A failed message is retried later, waiting twice as long each time, "
        "until TICKETS_OUTBOX_MAX_ATTEMPTS. Runs once, or with --loop until stopped (SIGTERM): "
        "then any error (database, mail server, DNS) is logged and retried after a pause, and "
        "stale temporary uploads are removed every hour."
    )
    label, runner, failure = "Outbox", "Outbox sender", "Outbox run failed"
    logger = logging.getLogger("tickets.outbox")
    default_interval, default_batch = 30.0, 100
    batch_help = "At most this many e-mails per run"
    _next_cleanup = 0.0

    def max_backoff(self):
        return settings.TICKETS_OUTBOX_LOOP_MAX_BACKOFF

    def run_once(self, batch):
        report = send_due(batch=batch, stop=lambda: self._stopping)
        for error in report.errors:
            self.stderr.write(error)
        return report

    def worth_saying(self, report):
        return bool(report.sent or report.retrying or report.failed)

    def after_run(self):
        if time.monotonic() < self._next_cleanup:
            return
        self._next_cleanup = time.monotonic() + CLEANUP_EVERY
        try:
            removed = remove_stale_uploads()
        except OSError:
            self.logger.exception("Stale uploads could not be removed")
            return
        if removed:
            self.stdout.write(f"Removed {removed} stale temporary upload(s).")
