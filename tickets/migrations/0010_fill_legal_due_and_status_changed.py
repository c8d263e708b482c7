"""Existing appeals get their legal deadline (counted as for a new appeal, from their receipt)
and the time of their last status change (from their history, else their last update)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 500


def fill(apps, schema_editor):
    # The calendar arithmetic is pure code over the holidays package and core's exceptions
    # table (present: see dependencies); its deadline rule is the same as for new appeals.
    from tickets.deadlines import legal_due

    Appeal = apps.get_model("tickets", "Appeal")
    AppealEvent = apps.get_model("tickets", "AppealEvent")
    last_change = (
        AppealEvent.objects.filter(appeal_id=OuterRef("pk"), kind="status")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    appeals = (
        Appeal.objects.filter(legal_due_at=None)
        .only("pk", "created_at", "updated_at")
        .annotate(last_change=Subquery(last_change))
    )
    pending = []
    for appeal in appeals.iterator(chunk_size=BATCH):
        appeal.legal_due_at = legal_due(appeal.created_at)
        appeal.status_changed_at = appeal.last_change or appeal.updated_at
        pending.append(appeal)
        if len(pending) >= BATCH:
            Appeal.objects.bulk_update(pending, ["legal_due_at", "status_changed_at"])
            pending = []
    if pending:
        Appeal.objects.bulk_update(pending, ["legal_due_at", "status_changed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_calendar_exception"),
        ("tickets", "0009_legal_clock_lifecycle_rating_merge"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
