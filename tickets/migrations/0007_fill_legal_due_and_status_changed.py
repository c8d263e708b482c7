"""Existing appeals get their legal deadline (counted as for a new appeal, from their receipt)
and the time of their last status change (from their history, else their last update)."""

from django.db import migrations

BATCH = 500


def fill(apps, schema_editor):
    # The calendar arithmetic is pure code over the holidays package and core's exceptions
    # table (present: see dependencies); its deadline rule is the same as for new appeals.
    from tickets.deadlines import legal_due

    Appeal = apps.get_model("tickets", "Appeal")
    AppealEvent = apps.get_model("tickets", "AppealEvent")
    pending = []
    for appeal in Appeal.objects.filter(legal_due_at=None).only(
        "pk", "created_at", "updated_at"
    ).iterator(chunk_size=BATCH):
        last_change = (
            AppealEvent.objects.filter(appeal_id=appeal.pk, kind="status")
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        appeal.legal_due_at = legal_due(appeal.created_at)
        appeal.status_changed_at = last_change or appeal.updated_at
        pending.append(appeal)
        if len(pending) >= BATCH:
            Appeal.objects.bulk_update(pending, ["legal_due_at", "status_changed_at"])
            pending = []
    if pending:
        Appeal.objects.bulk_update(pending, ["legal_due_at", "status_changed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_calendar_exception"),
        ("tickets", "0006_legal_clock_lifecycle_rating_merge"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
