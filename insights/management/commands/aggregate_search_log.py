from django.core.management.base import BaseCommand

from insights import services


class Command(BaseCommand):
    help = (
        "Folds search-log rows older than INSIGHTS_SEARCH_RAW_DAYS whole days into daily counts "
        "and deletes them; deletes daily counts older than INSIGHTS_SEARCH_KEEP_DAYS. Run daily; "
        "safe to run twice or on several hosts at once."
    )

    def handle(self, *args, **options):
        folded, removed = services.aggregate()
        self.stdout.write(
            f"{folded} searches folded into daily counts, {removed} old counts removed"
        )
