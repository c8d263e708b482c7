"""Appeals and replies written before core.text cleaned visitor fields lose their control and
bidi characters too, so staff, the visitor's page and e-mails never show them."""

from django.db import migrations

from core.text import clean_multiline, clean_single_line

FIELDS = {
    "Appeal": {"name": False, "subject": False, "phone": False, "wallet": False,
               "description": True},
    "Reply": {"body": True},
}  # fmt: skip


def clean_existing(apps, schema_editor):
    for model_name, fields in FIELDS.items():
        model = apps.get_model("tickets", model_name)
        for row in model.objects.only("pk", *fields).iterator():
            changed = {}
            for field, multiline in fields.items():
                value = getattr(row, field)
                cleaned = clean_multiline(value) if multiline else clean_single_line(value)
                if cleaned != value:
                    changed[field] = cleaned
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("tickets", "0002_hash_form_tokens")]

    operations = [migrations.RunPython(clean_existing, migrations.RunPython.noop)]
