from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tickets.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
