from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from tickets.models import Attachment

# Sent by the appeal form's view once a new appeal is saved (not for a second click of the same
# form), with kwargs `appeal` and `request`: apps above tickets (the search log) react to it
# without tickets knowing them. Sent with send_robust: a failing receiver never costs the appeal.
appeal_filed = Signal()


@receiver(post_delete, sender=Attachment)
def delete_attachment_file(sender, instance, **kwargs):
    # Only once the deletion is committed: a rolled-back delete keeps its file.
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
