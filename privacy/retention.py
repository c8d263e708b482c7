"""The retention rules: which appeals' personal data is due for erasure, and which sent e-mails'
texts. Run daily by `manage.py purge_personal_data`; safe on several hosts at once (each batch
locks its rows with SKIP LOCKED on PostgreSQL, so two runs never take the same appeal)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from faq.models import HelpfulVote
from privacy.erasure import DATA_DESTROYED, erase_locked
from privacy.models import DestructionCategory, DestructionRecord
from tickets.models import Appeal, AppealEvent, InboundMessage, OutboxEmail, Status
from tickets.models.outbox import OutboxState
from tickets.models.thread import EventKind

SYSTEM = "system"


@dataclass
class PurgeReport:
    appeals: list[str] = field(default_factory=list)
    files: int = 0
    outbox_bodies: int = 0
    inbound: int = 0
    vote_comments: int = 0
    records: int = 0


def appeals_due(now: datetime):
    """Closed appeals whose closing is at least PRIVACY_APPEAL_RETENTION_DAYS old. The closing
    time is the history's last "closed" entry (or the last update for an appeal without one)."""
    cutoff = now - timedelta(days=settings.PRIVACY_APPEAL_RETENTION_DAYS)
    closed_at = (
        AppealEvent.objects.filter(
            appeal=OuterRef("pk"), kind=EventKind.STATUS, new_value=Status.CLOSED
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return (
        Appeal.objects.filter(status=Status.CLOSED, anonymised_at=None)
        .annotate(closed_at=Coalesce(Subquery(closed_at), F("updated_at")))
        .filter(closed_at__lte=cutoff)
        .order_by("pk")
    )


def outbox_due(now: datetime):
    cutoff = now - timedelta(days=settings.PRIVACY_OUTBOX_BODY_RETENTION_DAYS)
    return (
        OutboxEmail.objects.filter(state=OutboxState.SENT, sent_at__lte=cutoff)
        .exclude(body="")
        .order_by("pk")
    )


def inbound_due(now: datetime):
    cutoff = now - timedelta(days=settings.TICKETS_INBOUND_KEEP_DAYS)
    return InboundMessage.objects.filter(received_at__lte=cutoff).order_by("pk")


def _inbound_rule() -> str:
    days = settings.TICKETS_INBOUND_KEEP_DAYS
    return f"TICKETS_INBOUND_KEEP_DAYS={days}: {days} days after the e-mail was fetched"


def _appeal_rule() -> str:
    days = settings.PRIVACY_APPEAL_RETENTION_DAYS
    return f"PRIVACY_APPEAL_RETENTION_DAYS={days}: {days} days after the appeal was closed"


def _outbox_rule() -> str:
    days = settings.PRIVACY_OUTBOX_BODY_RETENTION_DAYS
    return f"PRIVACY_OUTBOX_BODY_RETENTION_DAYS={days}: {days} days after the e-mail was sent"


def _vote_comment_rule() -> str:
    days = settings.FAQ_VOTE_COMMENT_RETENTION_DAYS
    return f"FAQ_VOTE_COMMENT_RETENTION_DAYS={days}: {days} days after the comment was written"


def purge(*, now: datetime | None = None, batch: int = 200) -> PurgeReport:
    """Erases what is due, batch by batch; each batch and its destruction record commit together."""
    now = now or timezone.now()
    report = PurgeReport()
    while True:
        with transaction.atomic():
            appeals = list(
                appeals_due(now).select_for_update(skip_locked=True, of=("self",))[:batch]
            )
            if not appeals:
                break
            files = erase_locked(appeals, now=now)
            refs = [appeal.reference for appeal in appeals]
            DestructionRecord.objects.create(
                created_at=now,
                category=DestructionCategory.APPEALS,
                data_destroyed=str(DATA_DESTROYED),
                appeals_count=len(refs),
                items_count=files,
                references="\n".join(refs),
                rule=_appeal_rule(),
                performed_by_label=SYSTEM,
            )
        report.appeals += refs
        report.files += files
        report.records += 1
    # The row-by-row categories: each batch is locked (skipped by a parallel purge), destroyed and
    # recorded in one transaction.
    report.outbox_bodies = _purge_rows(
        outbox_due(now),
        # The text goes; the row (who, when, state) stays for the outbox's history.
        lambda rows: rows.update(body=""),
        category=DestructionCategory.OUTBOX,
        data_destroyed="e-mail texts",
        rule=_outbox_rule(),
        now=now,
        batch=batch,
        report=report,
    )
    report.inbound = _purge_rows(
        inbound_due(now),
        # The unique digests go too: the messages have long left the mailbox's folder.
        lambda rows: rows.delete()[0],
        category=DestructionCategory.INBOUND,
        data_destroyed="incoming e-mails: sender, subject, text, file names",
        rule=_inbound_rule(),
        now=now,
        batch=batch,
        report=report,
    )
    report.vote_comments = _purge_rows(
        HelpfulVote.objects.comments_due(now),
        # The reason and the yes/no stay: they are not about a person.
        lambda rows: rows.update(comment=""),
        category=DestructionCategory.VOTE_COMMENTS,
        data_destroyed="visitors' comments on help articles (“why not helpful”)",
        rule=_vote_comment_rule(),
        now=now,
        batch=batch,
        report=report,
    )
    return report


def _purge_rows(due, destroy, *, category, data_destroyed, rule, now, batch, report) -> int:
    """Destroys `due` rows batch by batch with `destroy(queryset) -> count`, a destruction record
    per batch in the same transaction; returns how many were destroyed."""
    total = 0
    while True:
        with transaction.atomic():
            pks = list(due.select_for_update(skip_locked=True).values_list("pk", flat=True)[:batch])
            if not pks:
                return total
            count = destroy(due.model.objects.filter(pk__in=pks))
            DestructionRecord.objects.create(
                created_at=now,
                category=category,
                data_destroyed=data_destroyed,
                items_count=count,
                rule=rule,
                performed_by_label=SYSTEM,
            )
        total += count
        report.records += 1
