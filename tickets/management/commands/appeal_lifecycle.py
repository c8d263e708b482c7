import logging

from django.conf import settings

from core.loop import SupervisedCommand
from tickets import lifecycle

# After errors: 1 s, doubling, at most this (a long outage must not spin the loop).
MAX_BACKOFF = 300


class Command(SupervisedCommand):
    help = (
        "Resolves appeals that have waited for the visitor TICKETS_AUTO_RESOLVE_DAYS without an "
        "answer (e-mailing the visitor) and closes appeals resolved TICKETS_AUTO_CLOSE_DAYS ago. "
        "Safe to run on several hosts at once. Runs once, or with --loop until stopped "
        "(SIGTERM); then any error is logged and retried after a pause."
    )
    label, runner, failure = "Lifecycle", "Lifecycle runner", "Lifecycle run failed"
    logger = logging.getLogger("tickets.lifecycle")
    default_batch = 200
    batch_help = "At most this many appeals per step"

    def interval(self):
        return settings.TICKETS_LIFECYCLE_INTERVAL

    def max_backoff(self):
        return MAX_BACKOFF

    def run_once(self, batch):
        report = lifecycle.run(batch=batch, stop=lambda: self._stopping)
        for reference in report.resolved:
            self.logger.info("%s resolved: no answer from the visitor", reference)
        for reference in report.closed:
            self.logger.info("%s closed after being resolved", reference)
        return report

    def worth_saying(self, report):
        return bool(report.resolved or report.closed)
