from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboxKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Appeal received")
    STAFF_REPLY = "staff_reply", _("Support's reply")
    LINK = "link", _("Private link again")
    LEGAL_EXTENSION = "legal_extension", _("Deadline extended")
    RESOLVED = "resolved", _("Appeal resolved")
    AUTO_RESOLVED = "auto_resolved", _("Resolved for lack of an answer")


class OutboxQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(
            state=OutboxState.PENDING, next_attempt_at__lte=now or timezone.now()
        ).order_by("next_attempt_at", "pk")

    def oldest_pending_age(self, now=None) -> timedelta | None:
        """How long the oldest unsent e-mail has waited: the outbox's health at a glance."""
        oldest = self.filter(state=OutboxState.PENDING).aggregate(models.Min("created_at"))
        written = oldest["created_at__min"]
        return None if written is None else max((now or timezone.now()) - written, timedelta(0))


class OutboxEmail(models.Model):
    """An e-mail written in the same transaction as what it tells about; `send_outbox` sends it.

    If the mail server is down, the appeal is saved all the same and the message waits here,
    retried with growing pauses, until it goes out or gives up as failed.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=OutboxKind.choices)
    appeal = models.ForeignKey(
        "tickets.Appeal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("appeal"),
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    # Our Message-ID, written when the e-mail is queued: threads the visitor's mail client and
    # lets an answer to it find its appeal (tickets.inbound). Empty on e-mails from before.
    message_id = models.CharField(
        _("Message-ID"), max_length=255, unique=True, null=True, blank=True, editable=False
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=OutboxState.choices,
        default=OutboxState.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="tickets_outbox_due")]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    def get_absolute_url(self):
        return reverse("admin:tickets_outboxemail_change", args=[self.pk])

    def record_failure(self, error: str, now=None) -> None:
        """One more failed attempt: wait twice as long as last time, or give up."""
        now = now or timezone.now()
        self.attempts += 1
        # PostgreSQL refuses NUL in text; an error message may quote any bytes a server sent.
        self.last_error = error.replace("\x00", "")[:2000]
        if self.attempts >= settings.TICKETS_OUTBOX_MAX_ATTEMPTS:
            self.state = OutboxState.FAILED
        else:
            delay = settings.TICKETS_OUTBOX_RETRY_SECONDS * 2 ** (self.attempts - 1)
            delay = min(delay, settings.TICKETS_OUTBOX_MAX_RETRY_SECONDS)
            self.next_attempt_at = now + timedelta(seconds=delay)

    def record_success(self, now=None) -> None:
        self.attempts += 1
        self.state = OutboxState.SENT
        self.sent_at = now or timezone.now()
        self.last_error = ""
