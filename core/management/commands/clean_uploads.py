from django.core.management.base import BaseCommand

from core.files import remove_stale_uploads


class Command(BaseCommand):
    help = (
        "Removes temporary uploads (FILE_UPLOAD_TEMP_DIR) and half-written files in MEDIA_ROOT "
        "older than UPLOAD_TEMP_MAX_AGE seconds, left behind by killed workers. "
        "`send_outbox --loop` does the same every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age", type=int, default=None, help="Seconds (default UPLOAD_TEMP_MAX_AGE)."
        )

    def handle(self, *args, max_age, **options):
        removed = remove_stale_uploads(max_age=max_age)
        self.stdout.write(f"Removed {removed} stale temporary upload(s).")
