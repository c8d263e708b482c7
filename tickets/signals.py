from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from tickets.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# Sent by services.appeal_create once a new appeal is saved (inside its transaction), with the
# keyword arguments `appeal` and `request` (the visitor's request, or None outside a view).
# Apps above tickets listen to it (notices tags appeals with the outage they are about, the
# search log counts the searches and articles that led to it); not sent for a second click of
# the same form;
# tickets itself never imports them.
appeal_filed = Signal()
