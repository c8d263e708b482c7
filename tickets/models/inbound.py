"""E-mail that arrived in the support mailbox (`manage.py fetch_mail`): one row per message,
whatever became of it, so that nothing is imported twice and nothing is silently dropped."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

EXCERPT_CHARS = 300


class InboundStatus(models.TextChoices):
    IMPORTED = "imported", _("Added to an appeal")
    UNMATCHED = "unmatched", _("Matched no appeal")
    IGNORED = "ignored", _("Automatic mail, ignored")


class InboundReason(models.TextChoices):
    ADDRESS = "address", _("Reply address of the appeal")
    THREAD = "thread", _("Answer to our e-mail from the appeal's address")
    FOLLOW_UP = "follow_up", _("Appeal was closed: a follow-up appeal was opened")
    BY_STAFF = "by_staff", _("Added by staff")
    NO_ADDRESS = "no_address", _("No appeal's reply address and no thread of ours")
    WRONG_SECRET = "wrong_secret", _("Reply address with a wrong secret")
    SENDER_MISMATCH = "sender_mismatch", _("Answers our e-mail, but from another address")
    ANONYMISED = "anonymised", _("The appeal's personal data was erased")
    EMPTY = "empty", _("No text and no usable attachment")
    REFUSED = "refused", _("The appeal refused it")
    TOO_LARGE = "too_large", _("Too large to download")
    UNREADABLE = "unreadable", _("Could not be read (see the log)")
    AUTO_SUBMITTED = "auto_submitted", _("Auto-Submitted (auto-reply or robot)")
    PRECEDENCE = "precedence", _("Precedence: bulk, junk, list or auto-reply")
    AUTOREPLY_HEADER = "autoreply", _("X-Autoreply / X-Autorespond")
    MAILING_LIST = "list", _("Mailing list (List-Id)")
    BOUNCE = "bounce", _("Delivery report (bounce)")
    OWN_ADDRESS = "own_address", _("Sent from our own address (a loop)")


class InboundMessageQuerySet(models.QuerySet):
    def waiting_for_staff(self):
        return self.filter(status=InboundStatus.UNMATCHED)


class InboundMessage(models.Model):
    """One message read from the mailbox. The text is kept (card numbers masked) only for mail
    that did not become a reply, so that staff can read it and attach it to an appeal; a reply's
    text lives in the appeal's thread."""

    # sha256 of the Message-ID (or of the raw bytes when there is none): UNIQUE, inserted before
    # anything is done, so two fetchers never import the same message.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InboundStatus.choices, db_index=True
    )
    reason = models.CharField(_("reason"), max_length=20, choices=InboundReason.choices)
    appeal = models.ForeignKey(
        "tickets.Appeal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
        verbose_name=_("appeal"),
    )
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("date in the message"), null=True, blank=True)
    body = models.TextField(_("text"), blank=True)
    attachment_names = models.TextField(
        _("attachments"), blank=True, help_text=_("One file name a line.")
    )
    raw_size = models.PositiveIntegerField(_("size in bytes"), default=0)
    received_at = models.DateTimeField(_("fetched"), auto_now_add=True, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    objects = InboundMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=InboundStatus.values),
                name="tickets_inbound_status_valid",
            )
        ]

    def __str__(self):
        return f"{self.get_status_display()}: {self.subject or '—'}"

    def get_absolute_url(self):
        return reverse("admin:tickets_inboundmessage_change", args=[self.pk])

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"
