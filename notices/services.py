"""Writes of the notices app: answering every appeal tagged with a notice at once."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notices.models import Notice
from tickets import services as tickets_services
from tickets.models import Appeal
from tickets.models.appeals import AWAITING_SUPPORT

BATCH_SIZE = 100


@dataclass(frozen=True)
class BulkReplyResult:
    sent: int
    skipped: int  # no longer awaiting an answer: answered, resolved or closed meanwhile


def reply_to_tagged(
    *,
    notice: Notice,
    author: AbstractBaseUser,
    body_ru: str,
    body_en: str = "",
    batch_size: int = BATCH_SIZE,
) -> BulkReplyResult:
    """One staff reply to every appeal tagged with `notice` that awaits an answer, each in its
    visitor's language (English falls back to the Russian text), e-mailed through the outbox.

    Each appeal is answered in its own transaction (tickets.services.reply_from_staff), so one
    appeal that fails leaves the others answered, and a repeated run skips the answered ones
    (their status is then "waiting for the customer")."""
    body_ru, body_en = body_ru.strip(), body_en.strip()
    if not body_ru:
        raise ValidationError({"body_ru": _("Write the reply in Russian.")})
    bodies = {"ru": body_ru, "en": body_en or body_ru}
    sent = skipped = 0
    last_pk = 0
    tagged = Appeal.objects.filter(notices=notice).order_by("pk")
    while True:
        # Batches by primary key: a long list never sits in memory, and a batch is read fresh.
        batch = list(tagged.filter(pk__gt=last_pk).only("pk", "status", "language")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        for appeal in batch:
            if appeal.status not in AWAITING_SUPPORT:
                skipped += 1
                continue
            tickets_services.reply_from_staff(
                appeal=appeal, author=author, body=bodies.get(appeal.language, body_ru)
            )
            sent += 1
    return BulkReplyResult(sent=sent, skipped=skipped)
