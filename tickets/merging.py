"""Merging a duplicate appeal into another appeal of the same visitor.

Nothing is lost: the duplicate's own text becomes a message in the other appeal's thread (at its
original time), its replies, files and internal notes move across (their times unchanged, so the
thread stays in order), and the duplicate is closed with `merged_into` set, which sends its
private link on to the merged appeal. Both histories say so.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tickets.models import Appeal, AppealEvent, Attachment, InternalNote, Reply, Status
from tickets.models.thread import AuthorKind, EventKind


def _refusal(duplicate: Appeal, into: Appeal) -> str | None:
    if duplicate.pk == into.pk:
        return _("An appeal cannot be merged into itself.")
    if into.merged_into_id is not None:
        return _("%(reference)s has itself been merged into another appeal: choose that one.") % {
            "reference": into.reference
        }
    if duplicate.merged_into_id is not None:
        return _("%(reference)s has already been merged.") % {"reference": duplicate.reference}
    if duplicate.anonymised_at or into.anonymised_at:
        return _("The personal data of one of these appeals has been erased.")
    if duplicate.email.strip().casefold() != into.email.strip().casefold():
        return _(
            "%(duplicate)s and %(into)s were sent from different e-mail addresses: only "
            "appeals of the same visitor can be merged."
        ) % {"duplicate": duplicate.reference, "into": into.reference}
    return None


@transaction.atomic
def appeal_merge(*, duplicate: Appeal, into: Appeal, actor: AbstractBaseUser) -> Appeal:
    # Both rows locked, always in the same order, so two merges cannot deadlock.
    locked = {
        a.pk: a
        for a in Appeal.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    refusal = _refusal(duplicate, into)
    if refusal:
        raise ValidationError(refusal)

    opening = Reply.objects.create(
        appeal=into,
        author_kind=AuthorKind.VISITOR,
        body=f"[{duplicate.reference}] {duplicate.subject}\n\n{duplicate.description}",
        card_masked=duplicate.card_masked,
    )
    # auto_now_add stamped "now": the message belongs where the visitor wrote it.
    Reply.objects.filter(pk=opening.pk).update(created_at=duplicate.created_at)
    Attachment.objects.filter(appeal=duplicate, reply=None).update(reply=opening)
    Attachment.objects.filter(appeal=duplicate).update(appeal=into)
    Reply.objects.filter(appeal=duplicate).update(appeal=into)
    InternalNote.objects.filter(appeal=duplicate).update(appeal=into)
    # Appeals merged into the duplicate earlier follow it, so no link ends at a closed appeal.
    Appeal.objects.filter(merged_into=duplicate).update(merged_into=into)

    for appeal in (into, duplicate):  # each history says what was merged into what
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.MERGED,
            actor=actor,
            old_value=duplicate.reference,
            new_value=into.reference,
        )
    if duplicate.status != Status.CLOSED:
        AppealEvent.objects.create(
            appeal=duplicate,
            kind=EventKind.STATUS,
            actor=actor,
            old_value=duplicate.status,
            new_value=Status.CLOSED,
        )
    duplicate.status = Status.CLOSED
    duplicate.status_changed_at = timezone.now()
    duplicate.merged_into = into
    duplicate.save(update_fields=["status", "status_changed_at", "merged_into", "updated_at"])
    into.save(update_fields=["updated_at"])
    return into
