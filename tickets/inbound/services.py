"""Turning one fetched e-mail into what it should become: a visitor's reply, a follow-up appeal,
or a row kept for staff (unmatched or automatic mail). Every message gets exactly one
InboundMessage row; the row is inserted first, in the same transaction as the reply, so a second
fetcher holding the same message waits on the unique digest and then finds it done."""

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.cards import mask
from core.text import clean_multiline, clean_single_line
from tickets import services
from tickets.inbound import addresses
from tickets.inbound.parse import ParsedMail, parse
from tickets.models import Appeal, InboundMessage, OutboxEmail, Status
from tickets.models.appeals import TEXT_MAX
from tickets.models.inbound import InboundReason, InboundStatus
from tickets.uploads import CheckedFile, check_upload

logger = logging.getLogger("tickets.inbound")
# What is kept of an unmatched message's text for staff (masked): enough to read and attach it.
KEPT_TEXT_MAX = 2 * TEXT_MAX
# The largest size the column holds (PostgreSQL integer); the server may report more.
SIZE_MAX = 2**31 - 1
# Bytes of an unreadable message searched for its headers (sender and subject for staff).
HEADER_BYTES_MAX = 64 * 1024
# Reply addresses of ours tried per message.
TAGGED_MAX = 5


@dataclass(frozen=True)
class ImportResult:
    message: InboundMessage | None
    known: bool  # already imported earlier (or by another fetcher): only move it

    @property
    def unmatched(self) -> bool:
        return self.message is not None and self.message.status == InboundStatus.UNMATCHED


def _new_row(parsed: ParsedMail) -> InboundMessage:
    return InboundMessage(
        digest=parsed.digest,
        message_id=parsed.message_id,
        status=InboundStatus.UNMATCHED,
        reason=InboundReason.NO_ADDRESS,
        from_address=clean_single_line(parsed.sender)[:254],
        subject=mask(clean_single_line(parsed.subject))[:200],
        sent_at=parsed.sent_at,
        attachment_names="\n".join(clean_single_line(a.filename)[:150] for a in parsed.attachments),
        raw_size=min(parsed.size, SIZE_MAX),
    )


def _insert(row: InboundMessage) -> bool:
    """False when the digest is already there: imported before, or right now by another
    fetcher (on PostgreSQL this waits until that fetcher commits or rolls back)."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _known(digest: str) -> ImportResult:
    return ImportResult(message=InboundMessage.objects.filter(digest=digest).first(), known=True)


def import_message(raw: bytes) -> ImportResult:
    parsed = parse(raw)
    with transaction.atomic():
        row = _new_row(parsed)
        if not _insert(row):
            return _known(row.digest)
        _decide(row, parsed)
        row.save()
    logger.info(
        "Inbound e-mail #%s: %s (%s)%s",
        row.pk,
        row.status,
        row.reason,
        f" on {row.appeal.reference}" if row.appeal else "",
    )
    return ImportResult(message=row, known=False)


def import_too_large(header_bytes: bytes, size: int) -> ImportResult:
    """A message over TICKETS_INBOUND_MAX_BYTES: recorded from its headers for staff, not read."""
    parsed = parse(header_bytes)  # its digest: the Message-ID, as the full message's would be
    parsed.size = size
    with transaction.atomic():
        row = _new_row(parsed)
        row.reason = InboundReason.TOO_LARGE
        if not _insert(row):
            return _known(row.digest)
    logger.warning("Inbound e-mail #%s kept unread: %d bytes", row.pk, size)
    return ImportResult(message=row, known=False)


def import_unreadable(raw: bytes, *, size: int | None = None) -> ImportResult:
    """A message that broke the import (a parser bug, a header nothing expected): kept as
    unmatched by the digest of its bytes, so that it is moved aside instead of blocking the
    messages behind it on every run."""
    row = InboundMessage(
        digest=hashlib.sha256(raw).hexdigest(),
        status=InboundStatus.UNMATCHED,
        reason=InboundReason.UNREADABLE,
        raw_size=min(len(raw) if size is None else size, SIZE_MAX),
    )
    _add_sender_and_subject(row, raw)
    with transaction.atomic():
        if not _insert(row):
            return _known(row.digest)
    return ImportResult(message=row, known=False)


def _add_sender_and_subject(row: InboundMessage, raw: bytes) -> None:
    """From its headers alone when they can be read, so that staff see who wrote and about what
    (a message with 10,000 parts may still have ordinary headers)."""
    head = raw[:HEADER_BYTES_MAX]
    for blank in (b"\r\n\r\n", b"\n\n"):
        if blank in head:
            head = head.split(blank, 1)[0] + blank
            break
    try:
        headers = parse(head)
    except Exception:
        return  # nothing readable: the row says "could not be read", the mailbox has the rest
    row.from_address = clean_single_line(headers.sender)[:254]
    row.subject = mask(clean_single_line(headers.subject))[:200]
    row.sent_at = headers.sent_at
    row.message_id = headers.message_id


def _keep_text(row: InboundMessage, parsed: ParsedMail) -> None:
    row.body = mask(clean_multiline(parsed.text))[:KEPT_TEXT_MAX]


def _find_appeal(row: InboundMessage, parsed: ParsedMail) -> Appeal | None:
    """The reply address decides; without one, a thread of ours, but only from the appeal's own
    address (anyone can copy a subject or a Message-ID; nobody but the visitor has the secret)."""
    # An honest answer carries one reply address (To and Delivered-To repeat it); a message
    # with a thousand is guessing secrets, and gets a few tries in one query, not a thousand.
    tagged = list(dict.fromkeys(addresses.find_tagged(parsed.recipients)))[:TAGGED_MAX]
    if tagged:
        appeals = Appeal.objects.in_bulk(
            [reference for reference, _secret in tagged], field_name="reference"
        )
        for reference, secret in tagged:
            appeal = appeals.get(reference)
            if appeal is not None and addresses.check_secret(
                appeal.reference, appeal.link_secret, secret
            ):
                row.reason = InboundReason.ADDRESS
                return appeal
        row.reason = InboundReason.WRONG_SECRET
        return None
    if parsed.thread_ids:
        ours = (
            OutboxEmail.objects.filter(message_id__in=parsed.thread_ids[:50])
            .exclude(appeal=None)
            .select_related("appeal")
            .first()
        )
        if ours is not None:
            if ours.appeal.email and ours.appeal.email.lower() == parsed.sender.lower():
                row.reason = InboundReason.THREAD
                return ours.appeal
            row.reason = InboundReason.SENDER_MISMATCH
            return None
    row.reason = InboundReason.NO_ADDRESS
    return None


def _decide(row: InboundMessage, parsed: ParsedMail) -> None:
    if addresses.is_own_address(parsed.sender):
        row.status, row.reason = InboundStatus.IGNORED, InboundReason.OWN_ADDRESS
    elif parsed.automatic:
        row.status, row.reason = InboundStatus.IGNORED, parsed.automatic
    else:
        appeal = _find_appeal(row, parsed)
        if appeal is not None and appeal.anonymised_at is not None:
            row.reason, appeal = InboundReason.ANONYMISED, None
        if appeal is not None:
            _deliver(row, appeal, parsed)
            return
    _keep_text(row, parsed)


def _deliver(row: InboundMessage, appeal: Appeal, parsed: ParsedMail) -> None:
    body, files = reply_content(parsed, appeal=appeal)
    if not body and not files:
        row.reason = InboundReason.EMPTY
        _keep_text(row, parsed)
        return
    try:
        added_to = _add_to_appeal(appeal, body=body, files=files, key=row.digest)
    except ValidationError:
        # e.g. the appeal was closed and anonymised meanwhile: kept for staff, not lost.
        row.reason = InboundReason.REFUSED
        _keep_text(row, parsed)
        return
    if added_to != appeal:
        row.reason = InboundReason.FOLLOW_UP
    row.status, row.appeal = InboundStatus.IMPORTED, added_to


def _add_to_appeal(appeal: Appeal, *, body: str, files, key: str) -> Appeal:
    if appeal.status == Status.CLOSED:
        # The visitor keeps answering the old e-mail: once a follow-up is open, it gets the rest.
        latest = (
            appeal.follow_ups.exclude(status=Status.CLOSED)
            .filter(anonymised_at=None)
            .order_by("-pk")
            .first()
        )
        if latest is not None:
            services.reply_from_visitor(appeal=latest, body=body, files=files, idempotency_key=key)
            return latest
        return services.appeal_follow_up(
            closed=appeal, body=body, files=files, idempotency_key=f"mail:{key}"
        )
    services.reply_from_visitor(appeal=appeal, body=body, files=files, idempotency_key=key)
    return appeal


def _upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    name = PurePath(name.replace("\\", "/")).name or "attachment"
    return SimpleUploadedFile(name, data, content_type=content_type)


# Room for the notes on refused files: the visitor's own words always keep the larger part.
NOTES_MAX = TEXT_MAX // 3


def _within(notes: list[str], limit: int) -> list[str]:
    """The first notes that fit in `limit` characters, then one line counting the rest."""
    kept, used = [], 0
    for index, note in enumerate(notes):
        if used + len(note) + 1 > limit - 100:  # room left for the counting line
            rest = len(notes) - index
            kept.append(
                ngettext(
                    "[%(count)d more file was not added.]",
                    "[%(count)d more files were not added.]",
                    rest,
                )
                % {"count": rest}
            )
            break
        kept.append(note)
        used += len(note) + 1
    return kept


def reply_content(parsed: ParsedMail, *, appeal: Appeal) -> tuple[str, list[CheckedFile]]:
    """The reply's text, cleaned like the web form's, capped, with a note for every attachment
    that was refused (same checks as the form) or did not fit."""
    text = clean_multiline(parsed.text).strip()
    files: list[CheckedFile] = []
    notes: list[str] = []
    if appeal.status == Status.CLOSED:
        room = settings.TICKETS_MAX_FILES
    else:
        room = settings.TICKETS_MAX_FILES_PER_APPEAL - appeal.attachments.count()
    room = max(0, min(room, settings.TICKETS_MAX_FILES))
    with translation.override(appeal.language):
        for attachment in parsed.attachments:
            upload = _upload(attachment.filename, attachment.data, attachment.content_type)
            name = clean_single_line(upload.name)
            if len(files) >= room:
                # No room: refused without decoding it (hundreds of images would cost minutes).
                notes.append(_("[File “%(name)s” was not added: too many files.]") % {"name": name})
                continue
            try:
                checked = check_upload(upload)
            except ValidationError as exc:
                notes.append(
                    _("[File “%(name)s” was not added: %(reason)s]")
                    % {"name": name, "reason": " ".join(exc.messages)}
                )
                continue
            files.append(checked)
        notes = _within(notes, NOTES_MAX)
        note_text = "\n".join(notes)
        limit = TEXT_MAX - len(note_text) - 2
        if len(text) > limit:
            cut = _("[The e-mail was longer; the rest was cut.]")
            text = text[: max(0, limit - len(cut) - 2)].rstrip() + "\n" + cut
    body = "\n\n".join(part for part in (text, note_text) if part)
    return body[:TEXT_MAX], files


ATTACH_NOTE = gettext_lazy(
    "[Added by support from an e-mail that matched no appeal; its attachments stay in the mailbox.]"
)


def attach_to_appeal(
    *, message: InboundMessage, appeal: Appeal, by: AbstractBaseUser
) -> InboundMessage:
    """Staff decide that an unmatched e-mail belongs to `appeal`: its kept text becomes the
    visitor's reply there (or a follow-up appeal if it is closed), never twice."""
    with transaction.atomic():
        message = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != InboundStatus.UNMATCHED:
            raise ValidationError(_("This e-mail has been handled already."))
        if appeal.anonymised_at is not None:
            raise ValidationError(_("This appeal's personal data was erased."))
        with translation.override(appeal.language):
            note = str(ATTACH_NOTE) if message.attachment_names else ""
        body = "\n\n".join(p for p in (message.body.strip()[: TEXT_MAX - 200], note) if p)
        added_to = _add_to_appeal(appeal, body=body, files=(), key=f"staff:{message.digest}")
        message.status, message.reason = InboundStatus.IMPORTED, InboundReason.BY_STAFF
        message.appeal, message.handled_by = added_to, by
        message.body = ""
        message.save(update_fields=["status", "reason", "appeal", "handled_by", "body"])
    return message
