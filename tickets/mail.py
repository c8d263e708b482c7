"""The outbox: e-mails are rows written in the caller's transaction, sent later by
`manage.py send_outbox`, one state per message, retried with exponential back-off."""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.cards import mask
from tickets.inbound.addresses import reply_address
from tickets.models import Appeal, InboundMessage, OutboxEmail
from tickets.models.inbound import InboundStatus
from tickets.models.outbox import OutboxKind, OutboxState

logger = logging.getLogger(__name__)
# A database that is down or restarting: the whole run stops and is retried later.
DATABASE_DOWN = (OperationalError, InterfaceError)


# Once sent, the stored text keeps no working private link (issue 10, "secrets at rest"): a
# leaked database dump or an admin screen must not open appeals.
LINK_REMOVED = "[ссылка удалена после отправки / link removed after sending]"


def without_private_link(body: str, appeal: Appeal | None) -> str:
    if appeal is None:
        return body
    return re.sub(r"\S*" + re.escape(appeal.link_token) + r"\S*", LINK_REMOVED, body)


def appeal_link(appeal: Appeal) -> str:
    """The private link as an absolute URL, in the language active at the call."""
    return settings.SITE_URL + appeal.get_absolute_url()


def queue_email(*, appeal: Appeal, kind: OutboxKind, context: dict | None = None) -> OutboxEmail:
    """Writes the e-mail for `appeal` in the visitor's language; nothing is sent here."""
    with translation.override(appeal.language):
        ctx = {"appeal": appeal, "link": appeal_link(appeal), **(context or {})}
        if "reply" in ctx:
            # A canned reply's {link} becomes the private link in the e-mail only; the outbox
            # text loses it once sent (without_private_link).
            ctx["reply_body"] = ctx["reply"].body_for_visitor(ctx["link"])
        subject = render_to_string(f"tickets/email/{kind}_subject.txt", ctx)
        body = render_to_string(f"tickets/email/{kind}_body.txt", ctx)
    return OutboxEmail.objects.create(
        kind=kind,
        appeal=appeal,
        to=appeal.email,
        # Texts were masked when stored; masked again in case a template ever adds another.
        subject=mask(" ".join(subject.split()))[:200],
        body=mask(body.strip()) + "\n",
        message_id=make_msgid(domain=settings.TICKETS_MAIL_REPLY_DOMAIN),
    )


# Written by a person: every other kind (confirmation, link, notices) is sent by the site on
# its own and says so (RFC 3834), so that well-behaved auto-responders do not answer it.
WRITTEN_BY_STAFF = {OutboxKind.STAFF_REPLY}


def outgoing_headers(message: OutboxEmail) -> dict[str, str]:
    """Reply-To with the appeal's secret, and threading headers, so that the visitor can simply
    answer and the answer finds its appeal, shown as one conversation in their mail client."""
    headers = {}
    if message.message_id:
        headers["Message-ID"] = message.message_id
    if message.kind not in WRITTEN_BY_STAFF:
        headers["Auto-Submitted"] = "auto-generated"
    appeal = message.appeal
    if appeal is None or appeal.anonymised_at is not None:
        return headers
    headers["Reply-To"] = reply_address(appeal.reference, appeal.link_secret)
    first = (
        OutboxEmail.objects.filter(appeal=appeal, message_id__isnull=False)
        .exclude(pk=message.pk)
        .order_by("created_at", "pk")
        .values_list("message_id", flat=True)
        .first()
    )
    last_inbound = (
        InboundMessage.objects.filter(appeal=appeal, status=InboundStatus.IMPORTED)
        .exclude(message_id="")
        .order_by("-received_at", "-pk")
        .values_list("message_id", flat=True)
        .first()
    )
    thread = [mid for mid in (first, last_inbound) if mid and mid != message.message_id]
    if thread:
        headers["In-Reply-To"] = thread[-1]
        headers["References"] = " ".join(thread)
    return headers


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self):
        return f"sent {self.sent}, to retry {self.retrying}, failed {self.failed}"


def send_due(*, batch: int = 100, stop: Callable[[], bool] | None = None) -> SendReport:
    """Sends what is due now. Each message is locked while it is sent (skipped by a parallel
    sender on PostgreSQL), so running two senders does not send anything twice. `stop` is asked
    before each message: a sender told to stop finishes the message in hand, not the batch.

    A database that fails raises (the caller waits and retries the whole run); any other error
    while handling one message puts that message off like a failed delivery, so that one bad
    message cannot block the ones behind it."""
    report = SendReport()
    due = list(OutboxEmail.objects.due().values_list("pk", flat=True)[:batch])
    connection = get_connection()
    for pk in due:
        if stop is not None and stop():
            break
        try:
            _send_one(pk, connection, report)
        except DATABASE_DOWN:
            raise
        except Exception as exc:
            logger.exception("Outbox e-mail #%s could not be handled", pk)
            _put_off(pk, f"{type(exc).__name__}: {exc}")
            report.retrying += 1
            report.errors.append(f"#{pk}: {type(exc).__name__}: {exc}")
    return report


def _put_off(pk: int, error: str) -> None:
    message = OutboxEmail.objects.filter(pk=pk).first()
    if message is not None:
        message.record_failure(error)
        message.save(
            update_fields=["attempts", "last_error", "next_attempt_at", "state", "updated_at"]
        )


def _send_one(pk: int, connection, report: SendReport) -> None:
    with transaction.atomic():
        message = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, state=OutboxState.PENDING, next_attempt_at__lte=timezone.now())
            .first()
        )
        if message is None:
            return
        try:
            EmailMessage(
                subject=message.subject,
                body=message.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[message.to],
                headers=outgoing_headers(message),
                connection=connection,
            ).send()
        except Exception as exc:  # any failure of any backend is this message's failure
            error = f"{type(exc).__name__}: {exc}"
            message.record_failure(error)
            report.errors.append(f"#{message.pk} to {message.to}: {error}")
            logger.warning("Outbox e-mail #%s not sent: %s", message.pk, error)
            if message.state == OutboxState.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
        else:
            message.record_success()
            message.body = without_private_link(message.body, message.appeal)
            report.sent += 1
        message.save()
