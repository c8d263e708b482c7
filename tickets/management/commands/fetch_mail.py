import imaplib
import logging

from django.conf import settings
from django.core.management.base import CommandError

from core.loop import SupervisedCommand
from tickets.inbound.imap import MailboxError, fetch_once


class Command(SupervisedCommand):
    help = (
        "Reads the support mailbox over IMAP (TICKETS_IMAP_* settings): answers to appeal "
        "e-mails become the visitor's replies, unmatched and automatic mail is kept for staff in "
        "admin. Each message is moved out of the folder once saved, and never imported twice, "
        "even with several fetchers. Runs once, or with --loop until stopped (SIGTERM): then any "
        "error (mailbox, database, network) is logged and retried after a pause."
    )
    label, runner, failure = "Mail", "Mail fetcher", "Mail fetch failed"
    logger = logging.getLogger("tickets.inbound")
    default_interval, default_batch = 60.0, 500
    batch_help = "At most this many messages per run"

    def max_backoff(self):
        return settings.TICKETS_IMAP_LOOP_MAX_BACKOFF

    def check(self):
        if not settings.TICKETS_IMAP_HOST:
            raise CommandError("TICKETS_IMAP_HOST is not set: there is no mailbox to read")

    def run_once(self, batch):
        return fetch_once(stop=lambda: self._stopping, limit=batch)

    def worth_saying(self, report):
        return bool(report.imported or report.unmatched or report.ignored)

    def run_single(self, batch):
        try:
            super().run_single(batch)
        except MailboxError as exc:
            raise CommandError(str(exc)) from exc
        except (imaplib.IMAP4.abort, ConnectionError, TimeoutError) as exc:
            # The server went away mid-run (restart, network): a clear line for cron, not a
            # traceback. What was saved stays saved; the next run moves it, never imports it
            # again (its digest is known).
            raise CommandError(
                f"The connection to the mailbox was lost ({exc}); nothing is lost, run again."
            ) from exc
