"""Form tokens were stored as sent; from now on only their sha256 (tickets.references)."""

import hashlib

from django.db import migrations


def _digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_tokens(apps, schema_editor):
    for model_name in ("Appeal", "Reply"):
        model = apps.get_model("tickets", model_name)
        rows = model.objects.exclude(idempotency_key=None).only("pk", "idempotency_key")
        for row in rows.iterator():
            model.objects.filter(pk=row.pk).update(idempotency_key=_digest(row.idempotency_key))


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    # Backwards: the tokens cannot be recovered, and old forms' double-submit check is all
    # they were for; the hashes stay.
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
