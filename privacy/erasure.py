"""Erasing an appeal's personal data, for the retention rule and for a person's request alike.

What stays, for statistics and the destruction record: the reference, topic, status, dates,
priority, history of status changes, whether a card number was masked, the rating's score.
What goes: the name, e-mail, phone, wallet, subject and description, every reply's and
internal note's text, the texts and addresses of its e-mails, the rating's comment, and its
files (deleted from storage once the transaction has committed, so that a rollback never
leaves rows pointing at missing files). The private link stops working: its secret is
replaced.
"""

from collections.abc import Sequence

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tickets import references
from tickets.models import (
    Appeal,
    Attachment,
    InboundMessage,
    InternalNote,
    OutboxEmail,
    Reply,
    SatisfactionRating,
)
from tickets.models.outbox import OutboxState

ERASED_SUBJECT = "—"
DATA_DESTROYED = _(
    "name, e-mail, phone, wallet number, subject, description, replies, internal notes, "
    "e-mail texts, attached files, rating comments"
)


def erase_locked(appeals: Sequence[Appeal], *, now) -> int:
    """Erases `appeals` (already locked by the caller's transaction); returns files deleted."""
    pks = [appeal.pk for appeal in appeals]
    attachments = Attachment.objects.filter(appeal__in=pks)
    names = [name for name in attachments.values_list("file", flat=True) if name]
    attachments.delete()
    Reply.objects.filter(appeal__in=pks).update(body="")
    InternalNote.objects.filter(appeal__in=pks).update(body="")
    # The score stays for statistics; the visitor's words go.
    SatisfactionRating.objects.filter(appeal__in=pks).update(comment="")
    # An e-mail still waiting would go to nobody: it is given up, not retried.
    OutboxEmail.objects.filter(appeal__in=pks, state=OutboxState.PENDING).update(
        state=OutboxState.FAILED, last_error="personal data erased before sending"
    )
    OutboxEmail.objects.filter(appeal__in=pks).update(to="", subject="", body="")
    # Incoming e-mails about these appeals: sender, subject and any kept text go with them.
    InboundMessage.objects.filter(appeal__in=pks).delete()
    for appeal in appeals:
        appeal.name = appeal.email = appeal.phone = appeal.wallet = appeal.description = ""
        appeal.subject = ERASED_SUBJECT
        appeal.link_secret = references.new_link_secret()
        appeal.anonymised_at = now
        appeal.save(
            update_fields=[
                "name",
                "email",
                "phone",
                "wallet",
                "subject",
                "description",
                "link_secret",
                "anonymised_at",
                "updated_at",
            ]
        )
    transaction.on_commit(lambda: _delete_files(names))
    return len(names)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
