from django.core.management.base import BaseCommand
from django.utils import timezone

from faq.models import HelpfulVote
from privacy import retention


class Command(BaseCommand):
    help = (
        "Erases personal data kept longer than the retention settings allow "
        "(PRIVACY_APPEAL_RETENTION_DAYS, PRIVACY_OUTBOX_BODY_RETENTION_DAYS, "
        "TICKETS_INBOUND_KEEP_DAYS, FAQ_VOTE_COMMENT_RETENTION_DAYS) and writes "
        "destruction records. Run daily; safe on several hosts at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be erased; change nothing."
        )
        parser.add_argument("--batch", type=int, default=200, help="Appeals per transaction.")

    def handle(self, *args, dry_run=False, batch=200, **options):
        now = timezone.now()
        if dry_run:
            references = list(retention.appeals_due(now).values_list("reference", flat=True))
            bodies = retention.outbox_due(now).count()
            inbound = retention.inbound_due(now).count()
            comments = HelpfulVote.objects.comments_due(now).count()
            self.stdout.write(
                f"Would erase {len(references)} appeals, clear {bodies} sent e-mail texts, "
                f"delete {inbound} incoming e-mails and clear {comments} visitors' comments on "
                "articles."
            )
            for reference in references:
                self.stdout.write(f"  {reference}")
            return
        report = retention.purge(now=now, batch=batch)
        self.stdout.write(
            f"Erased {len(report.appeals)} appeals ({report.files} files), cleared "
            f"{report.outbox_bodies} sent e-mail texts, deleted {report.inbound} incoming "
            f"e-mails, cleared {report.vote_comments} visitors' comments on articles; "
            f"{report.records} destruction records."
        )
