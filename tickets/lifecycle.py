"""The appeal's lifecycle without anyone pressing a button (`manage.py appeal_lifecycle`):

- waiting for the visitor, no answer for TICKETS_AUTO_RESOLVE_DAYS → resolved, the visitor is
  told (and asked to rate the answer);
- resolved for TICKETS_AUTO_CLOSE_DAYS more → closed.

Safe with several runners on several hosts: each appeal is taken in its own transaction with
SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite has one writer anyway) and its status and
age are checked again under the lock, so two runners never move one appeal twice nor send its
e-mail twice. A visitor's reply that commits first wins: the appeal is no longer WAITING.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tickets.mail import queue_email
from tickets.models import Appeal, AppealEvent, Status
from tickets.models.outbox import OutboxKind
from tickets.models.thread import EventKind

logger = logging.getLogger(__name__)


@dataclass
class LifecycleReport:
    resolved: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)

    def __str__(self):
        return f"resolved {len(self.resolved)}, closed {len(self.closed)}"


def _due(status: str, days: int, now: datetime):
    cutoff = now - timedelta(days=days)
    return Appeal.objects.filter(status=status, status_changed_at__lte=cutoff)


def _move_one(pk: int, *, status: str, days: int, to: str, now: datetime) -> Appeal | None:
    with transaction.atomic():
        appeal = (
            _due(status, days, now)
            .select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk)
            .first()
        )
        if appeal is None:  # another runner has it, or the visitor answered meanwhile
            return None
        AppealEvent.objects.create(
            appeal=appeal, kind=EventKind.STATUS, old_value=appeal.status, new_value=to
        )
        appeal.status = to
        appeal.status_changed_at = now
        appeal.save(update_fields=["status", "status_changed_at", "updated_at"])
        if to == Status.RESOLVED:
            queue_email(
                appeal=appeal,
                kind=OutboxKind.AUTO_RESOLVED,
                context={"auto_resolve_days": days},
            )
        return appeal


def run(
    *,
    now: datetime | None = None,
    batch: int = 200,
    stop: Callable[[], bool] | None = None,
) -> LifecycleReport:
    now = now or timezone.now()
    report = LifecycleReport()
    steps = (
        (Status.WAITING, settings.TICKETS_AUTO_RESOLVE_DAYS, Status.RESOLVED, report.resolved),
        (Status.RESOLVED, settings.TICKETS_AUTO_CLOSE_DAYS, Status.CLOSED, report.closed),
    )
    for status, days, to, done in steps:
        candidates = list(
            _due(status, days, now)
            .order_by("status_changed_at", "pk")
            .values_list("pk", flat=True)[:batch]
        )
        for pk in candidates:
            if stop is not None and stop():
                return report
            appeal = _move_one(pk, status=status, days=days, to=to, now=now)
            if appeal is not None:
                done.append(appeal.reference)
    return report
