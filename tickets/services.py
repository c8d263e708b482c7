"""Every write to appeals goes through here: one transaction each, history written alongside,
e-mails queued in the outbox in the same transaction."""

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.cards import mask, mask_cards
from core.workdays import moscow_date
from tickets import references
from tickets.deadlines import legal_due, legal_due_extended
from tickets.identifiers import clean_phone, clean_wallet
from tickets.mail import queue_email
from tickets.models import (
    Appeal,
    AppealEvent,
    Attachment,
    InternalNote,
    OutboxEmail,
    PriorityCustomer,
    Reply,
    Status,
    Topic,
)
from tickets.models.appeals import (
    AWAITING_SUPPORT,
    REOPENED_BY_REPLY,
    answer_time,
    due_time,
)
from tickets.models.outbox import OutboxKind
from tickets.models.thread import AuthorKind, EventKind
from tickets.signals import appeal_filed
from tickets.uploads import CheckedFile

logger = logging.getLogger(__name__)
REFERENCE_ATTEMPTS = 10
# "Send my link again" to the same appeal at most this often, whoever asks.
LINK_RESEND_COOLDOWN = timedelta(minutes=5)
_UNCHANGED = object()
# "Take the next appeal" tries again this many times when colleagues take its candidate first.
TAKE_ATTEMPTS = 20


class FileNotStored(Exception):
    """An attachment could not be written (disk full, storage down): nothing was saved."""


@dataclass(frozen=True)
class Submission:
    appeal: Appeal
    created: bool


@contextmanager
def _atomic_with_files() -> Iterator[list[str]]:
    """One transaction; the names of the files written inside it are collected in the list it
    yields, and those files are deleted if the transaction rolls back (the database forgets
    them, so the storage must too)."""
    written: list[str] = []
    try:
        with transaction.atomic():
            yield written
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


def _store_attachments(
    *, appeal: Appeal, reply: Reply | None, files: Sequence[CheckedFile], written: list[str]
) -> None:
    if not files:
        return
    limit = settings.TICKETS_MAX_FILES_PER_APPEAL
    already = appeal.attachments.count()
    if already + len(files) > limit:
        raise ValidationError(
            {
                "files": ngettext_lazy(
                    "An appeal can have at most %(limit)d file; it has %(count)d already.",
                    "An appeal can have at most %(limit)d files; it has %(count)d already.",
                    "limit",
                )
                % {"limit": limit, "count": already}
            }
        )
    for checked in files:
        attachment = Attachment(
            appeal=appeal,
            reply=reply,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.upload.size,
        )
        checked.upload.seek(0)
        try:
            attachment.file.save("upload", checked.upload, save=False)
        except OSError as exc:
            # The storage removes its own half-written file (core.files); the caller rolls
            # back and removes the files written before this one.
            raise FileNotStored(f"{checked.original_name}: {exc}") from exc
        written.append(attachment.file.name)
        attachment.save()


def _insert_with_fresh_reference(appeal: Appeal) -> bool:
    """Saves a new appeal, drawing another reference on the rare collision. False if an appeal
    with the same idempotency key got there first (a second click, possibly in parallel)."""
    for attempt in range(REFERENCE_ATTEMPTS):
        if attempt:  # the first try uses the reference the appeal was built (and validated) with
            appeal.reference = references.new_reference()
        try:
            with transaction.atomic():
                appeal.save(force_insert=True)
        except IntegrityError:
            key = appeal.idempotency_key
            if key and Appeal.objects.filter(idempotency_key=key).exists():
                return False
            if not Appeal.objects.filter(reference=appeal.reference).exists():
                raise
            continue
        return True
    raise RuntimeError(f"No free reference number after {REFERENCE_ATTEMPTS} attempts")


def appeal_create(
    *,
    topic: Topic,
    name: str,
    email: str,
    subject: str,
    description: str,
    language: str,
    phone: str = "",
    wallet: str = "",
    files: Sequence[CheckedFile] = (),
    idempotency_key: str | None = None,
    consent_version: int | None = None,
    request=None,
) -> Submission:
    """Files a visitor's appeal, or finds the one this form already filed. A new appeal is
    announced with tickets.signals.appeal_filed (apps above tickets listen)."""
    with _atomic_with_files() as written:
        if idempotency_key:
            idempotency_key = references.form_token_digest(idempotency_key)
            existing = Appeal.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return Submission(appeal=existing, created=False)
        if not Topic.objects.visible().filter(pk=topic.pk).exists():
            raise ValidationError({"topic": _("Choose one of the topics listed.")})
        phone, wallet = clean_phone(phone), clean_wallet(wallet)
        now = timezone.now()
        is_priority = (
            PriorityCustomer.objects.active().matching(phone=phone, wallet=wallet).exists()
        )
        # Card numbers never reach the database (core.cards): masked here, on the one write path.
        texts = {"name": name, "subject": subject, "description": description}
        masked = {field: mask_cards(value.strip()) for field, value in texts.items()}
        appeal = Appeal(
            topic=topic,
            name=masked["name"].text,
            email=email.strip(),
            phone=phone,
            wallet=wallet,
            subject=masked["subject"].text,
            description=masked["description"].text,
            card_masked=any(result.found for result in masked.values()),
            language=language,
            consent_at=now,
            consent_version=consent_version,
            is_priority=is_priority,
            created_at=now,
            due_at=due_time(now, priority=is_priority),
            legal_due_at=legal_due(now),
            status_changed_at=now,
            link_secret=references.new_link_secret(),
            idempotency_key=idempotency_key or None,
            reference=references.new_reference(),
        )
        # Uniqueness (reference, idempotency key) is the database's to settle, just below.
        appeal.full_clean(validate_unique=False)
        if not _insert_with_fresh_reference(appeal):
            return Submission(
                appeal=Appeal.objects.get(idempotency_key=idempotency_key), created=False
            )
        _store_attachments(appeal=appeal, reply=None, files=files, written=written)
        AppealEvent.objects.create(appeal=appeal, kind=EventKind.CREATED, by_visitor=True)
        if is_priority:
            AppealEvent.objects.create(
                appeal=appeal, kind=EventKind.PRIORITY, old_value="0", new_value="1"
            )
        queue_email(appeal=appeal, kind=OutboxKind.CONFIRMATION)
        _announce(appeal, request)
        return Submission(appeal=appeal, created=True)


def _announce(appeal: Appeal, request) -> None:
    """tickets.signals.appeal_filed, inside the appeal's transaction so that what listeners
    write (notices' tags) lands with it; in a savepoint and robust, so that a listener's failure,
    even one that breaks the transaction on PostgreSQL, never costs the visitor the appeal."""
    try:
        with transaction.atomic():
            results = appeal_filed.send_robust(sender=Appeal, appeal=appeal, request=request)
    except DatabaseError:
        logger.exception("An appeal_filed listener broke the transaction; its writes are undone")
        return
    for receiver, error in results:
        if isinstance(error, Exception):
            logger.error("appeal_filed listener %r failed: %r", receiver, error)


def _set_status(appeal: Appeal, status: str, *, actor=None, by_visitor=False) -> None:
    if appeal.status == status:
        return
    AppealEvent.objects.create(
        appeal=appeal,
        kind=EventKind.STATUS,
        actor=actor,
        by_visitor=by_visitor,
        old_value=appeal.status,
        new_value=status,
    )
    appeal.status = status
    appeal.status_changed_at = timezone.now()


def reply_from_visitor(
    *,
    appeal: Appeal,
    body: str,
    files: Sequence[CheckedFile] = (),
    idempotency_key: str | None = None,
) -> Reply:
    with _atomic_with_files() as written:
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if idempotency_key:
            idempotency_key = references.form_token_digest(idempotency_key)
            existing = Reply.objects.filter(appeal=appeal, idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        if not appeal.accepts_replies:
            raise ValidationError(
                _("This appeal is closed. If you still need help, please send a new appeal.")
            )
        masked = mask_cards(body.strip())
        if not masked.text and not files:
            raise ValidationError({"body": _("Write a reply or choose files to add.")})
        reply = Reply(
            appeal=appeal,
            author_kind=AuthorKind.VISITOR,
            body=masked.text,
            card_masked=masked.found,
            idempotency_key=idempotency_key or None,
        )
        reply.full_clean(exclude=["appeal"], validate_unique=False)
        reply.save()
        _store_attachments(appeal=appeal, reply=reply, files=files, written=written)
        AppealEvent.objects.create(appeal=appeal, kind=EventKind.VISITOR_REPLY, by_visitor=True)
        if appeal.status in REOPENED_BY_REPLY:
            _set_status(appeal, Status.IN_PROGRESS, by_visitor=True)
            # The visitor waits for an answer again: a fresh due time from now.
            appeal.due_at = due_time(timezone.now(), priority=appeal.is_priority)
            appeal.save(update_fields=["status", "status_changed_at", "due_at", "updated_at"])
        return reply


@transaction.atomic
def reply_from_staff(
    *, appeal: Appeal, author: AbstractBaseUser, body: str, set_waiting: bool = True
) -> Reply:
    """A public answer: shown on the appeal's page and e-mailed to the visitor."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    masked = mask_cards(body.strip())
    if not masked.text:
        raise ValidationError({"body": _("Write the reply.")})
    reply = Reply(
        appeal=appeal,
        author_kind=AuthorKind.STAFF,
        author=author,
        body=masked.text,
        card_masked=masked.found,
    )
    reply.full_clean(exclude=["appeal"], validate_unique=False)
    reply.save()
    AppealEvent.objects.create(appeal=appeal, kind=EventKind.STAFF_REPLY, actor=author)
    if appeal.first_response_at is None:
        appeal.first_response_at = timezone.now()
    if set_waiting and appeal.status in AWAITING_SUPPORT:
        _set_status(appeal, Status.WAITING, actor=author)
    elif appeal.status == Status.WAITING:
        # Support wrote again while waiting: the visitor's silence counts from this message
        # (tickets.lifecycle resolves after TICKETS_AUTO_RESOLVE_DAYS of it).
        appeal.status_changed_at = timezone.now()
    appeal.save(update_fields=["status", "status_changed_at", "first_response_at", "updated_at"])
    queue_email(appeal=appeal, kind=OutboxKind.STAFF_REPLY, context={"reply": reply})
    return reply


@transaction.atomic
def note_add(*, appeal: Appeal, author: AbstractBaseUser, body: str) -> InternalNote:
    note = InternalNote(appeal=appeal, author=author, body=mask(body.strip()))
    note.full_clean(exclude=["appeal"])
    note.save()
    AppealEvent.objects.create(appeal=appeal, kind=EventKind.NOTE, actor=author)
    return note


def _start_of_wait(appeal: Appeal) -> datetime:
    """When the current wait for an answer began: its due time minus its tier's answer time."""
    return max(appeal.due_at - answer_time(priority=appeal.is_priority), appeal.created_at)


@transaction.atomic
def appeal_update(
    *,
    appeal: Appeal,
    by: AbstractBaseUser,
    status: str | None = None,
    assignee=_UNCHANGED,
    is_priority: bool | None = None,
    topic: Topic | None = None,
) -> Appeal:
    """Staff's changes to an appeal, each written to its history."""
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if status is not None:
        resolving = status == Status.RESOLVED and current.status != Status.RESOLVED
        _set_status(current, status, actor=by)
        if resolving:
            # "Did we solve it?": the e-mail links to the appeal's page, where the rating is.
            queue_email(appeal=current, kind=OutboxKind.RESOLVED)
    if assignee is not _UNCHANGED and assignee != current.assignee:
        AppealEvent.objects.create(
            appeal=current,
            kind=EventKind.ASSIGNEE,
            actor=by,
            old_value=current.assignee.get_username() if current.assignee else "",
            new_value=assignee.get_username() if assignee else "",
        )
        current.assignee = assignee
    if is_priority is not None and is_priority != current.is_priority:
        start = _start_of_wait(current)
        AppealEvent.objects.create(
            appeal=current,
            kind=EventKind.PRIORITY,
            actor=by,
            old_value="1" if current.is_priority else "0",
            new_value="1" if is_priority else "0",
        )
        current.is_priority = is_priority
        current.due_at = due_time(start, priority=is_priority)
    if topic is not None and topic != current.topic:
        AppealEvent.objects.create(
            appeal=current,
            kind=EventKind.TOPIC,
            actor=by,
            old_value=str(current.topic)[:200],
            new_value=str(topic)[:200],
        )
        current.topic = topic
    current.full_clean(validate_unique=False)
    current.save()
    return current


@transaction.atomic
def link_resend(*, reference: str, email: str) -> bool:
    """E-mails the private link again if the reference and the e-mail belong together.
    The caller must answer the same either way: the result is for tests and logs only."""
    appeal = (
        Appeal.objects.select_for_update()
        .filter(reference=reference, email__iexact=email.strip())
        .first()
    )
    if appeal is None:
        return False
    recently = timezone.now() - LINK_RESEND_COOLDOWN
    if OutboxEmail.objects.filter(
        appeal=appeal, kind=OutboxKind.LINK, created_at__gte=recently
    ).exists():
        return True
    AppealEvent.objects.create(appeal=appeal, kind=EventKind.LINK_SENT, by_visitor=True)
    queue_email(appeal=appeal, kind=OutboxKind.LINK)
    return True


def appeal_take_next(*, agent: AbstractBaseUser) -> Appeal | None:
    """Assigns the most urgent unassigned appeal awaiting support to `agent`; None if none.

    Two agents pressing "take the next appeal" at once never get the same one: on PostgreSQL
    the candidate row is locked and rows locked by a colleague are skipped (SKIP LOCKED), so
    each gets the next free appeal without waiting; everywhere (SQLite too) the assignment is a
    conditional UPDATE ... WHERE assignee IS NULL, so a candidate taken meanwhile is simply
    passed over and the next one tried."""
    for _attempt in range(TAKE_ATTEMPTS):
        with transaction.atomic():
            candidates = Appeal.objects.takeable().by_urgency()
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True, of=("self",))
            pk = candidates.values_list("pk", flat=True).first()
            if pk is None:
                return None
            taken = (
                Appeal.objects.takeable()
                .filter(pk=pk)
                .update(assignee=agent, updated_at=timezone.now())
            )
            if taken:
                appeal = Appeal.objects.get(pk=pk)
                AppealEvent.objects.create(
                    appeal=appeal,
                    kind=EventKind.ASSIGNEE,
                    actor=agent,
                    old_value="",
                    new_value=agent.get_username(),
                )
                return appeal
    return None


def appeal_assign_to_me(*, appeal: Appeal, agent: AbstractBaseUser) -> Appeal:
    """ "Assign to me" on one appeal, whoever had it: written to its history like any change."""
    return appeal_update(appeal=appeal, by=agent, assignee=agent)


def appeal_follow_up(
    *,
    closed: Appeal,
    body: str,
    files: Sequence[CheckedFile] = (),
    idempotency_key: str | None = None,
) -> Appeal:
    """A visitor wrote (by e-mail) to an appeal that is closed: a new appeal with the same
    visitor data, topic and language, linked to the old one, confirmed by the usual e-mail.

    The new appeal carries the consent recorded on the old one: the same person, the same
    matter, the same processing purpose (README, "Support e-mail")."""
    with _atomic_with_files() as written:
        closed = Appeal.objects.select_for_update().get(pk=closed.pk)
        if idempotency_key:
            idempotency_key = references.form_token_digest(idempotency_key)
            existing = Appeal.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        masked = mask_cards(body.strip())
        if not masked.text and not files:
            raise ValidationError({"body": _("Write a reply or choose files to add.")})
        now = timezone.now()
        is_priority = (
            PriorityCustomer.objects.active()
            .matching(phone=closed.phone, wallet=closed.wallet)
            .exists()
        )
        appeal = Appeal(
            topic=closed.topic,
            name=closed.name,
            email=closed.email,
            phone=closed.phone,
            wallet=closed.wallet,
            subject=closed.subject,
            description=masked.text or "—",
            card_masked=masked.found,
            language=closed.language,
            consent_at=closed.consent_at,
            consent_version=closed.consent_version,
            is_priority=is_priority,
            created_at=now,
            due_at=due_time(now, priority=is_priority),
            # A new appeal: its own legal clock from today, not the closed one's.
            legal_due_at=legal_due(now),
            link_secret=references.new_link_secret(),
            idempotency_key=idempotency_key or None,
            reference=references.new_reference(),
            follow_up_of=closed,
        )
        appeal.full_clean(validate_unique=False)
        if not _insert_with_fresh_reference(appeal):
            return Appeal.objects.get(idempotency_key=idempotency_key)
        _store_attachments(appeal=appeal, reply=None, files=files, written=written)
        AppealEvent.objects.create(appeal=appeal, kind=EventKind.CREATED, by_visitor=True)
        if is_priority:
            AppealEvent.objects.create(
                appeal=appeal, kind=EventKind.PRIORITY, old_value="0", new_value="1"
            )
        queue_email(appeal=appeal, kind=OutboxKind.CONFIRMATION)
        return appeal


class AlreadyExtended(Exception):
    """The legal deadline may be extended once only."""


@transaction.atomic
def appeal_extend_deadline(*, appeal: Appeal, reason: str, actor: AbstractBaseUser) -> Appeal:
    """Moves the legal deadline by TICKETS_LEGAL_EXTENSION_WORKING_DAYS, once, and tells the
    visitor why (the reason is staff's text, e-mailed as written: it must not quote the visitor)."""
    current = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if current.legal_extended_at is not None:
        raise AlreadyExtended(
            _("The legal deadline of %(reference)s has already been extended once.")
            % {"reference": current.reference}
        )
    reason = mask(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if current.status == Status.CLOSED:
        raise ValidationError(_("A closed appeal's deadline cannot be extended."))
    old = current.legal_due_at or legal_due(current.created_at)
    current.legal_due_at = legal_due_extended(old)
    current.legal_extended_at = timezone.now()
    current.legal_extension_reason = reason
    current.full_clean(validate_unique=False)
    current.save(
        update_fields=[
            "legal_due_at",
            "legal_extended_at",
            "legal_extension_reason",
            "updated_at",
        ]
    )
    AppealEvent.objects.create(
        appeal=current,
        kind=EventKind.LEGAL_EXTENDED,
        actor=actor,
        old_value=moscow_date(old).isoformat(),
        new_value=moscow_date(current.legal_due_at).isoformat(),
    )
    queue_email(appeal=current, kind=OutboxKind.LEGAL_EXTENSION)
    return current
