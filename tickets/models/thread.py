"""What happens to an appeal after it is sent: replies, internal notes, files and its history."""

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.images import EXTENSIONS, extension_for
from tickets.models.appeals import TEXT_MAX, Status
from tickets.models.canned import LINK_PLACEHOLDER


class AuthorKind(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    STAFF = "staff", _("Support")


class Reply(models.Model):
    """A message in the appeal's public thread: from the visitor, or support's answer."""

    appeal = models.ForeignKey(
        "tickets.Appeal", on_delete=models.CASCADE, related_name="replies", verbose_name=_("appeal")
    )
    author_kind = models.CharField(
        _("from"), max_length=10, choices=AuthorKind.choices, default=AuthorKind.STAFF
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    body = models.TextField(
        _("text"),
        max_length=TEXT_MAX,
        blank=True,
        help_text=_("A public reply is shown on the appeal's page and e-mailed to the visitor."),
    )
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    card_masked = models.BooleanField(_("card number hidden"), default=False, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("public reply")
        verbose_name_plural = _("public replies")
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), TEXT_MAX),
                name="tickets_reply_body_length",
            ),
        ]

    def __str__(self):
        return f"{self.appeal.reference}: {self.get_author_kind_display()}"

    def get_absolute_url(self):
        return f"{self.appeal.get_absolute_url()}#reply-{self.pk}"

    @property
    def is_from_staff(self) -> bool:
        return self.author_kind == AuthorKind.STAFF

    def body_for_visitor(self, link: str) -> str:
        """The text with a canned reply's {link} turned into `link`: the stored reply keeps the
        placeholder, so neither the database nor the admin holds a working private link."""
        if not self.is_from_staff:
            return self.body
        return self.body.replace(LINK_PLACEHOLDER, link)

    @property
    def body_on_page(self) -> str:
        # The visitor reading the page holds the link already: it is the page's own address.
        return self.body_for_visitor(settings.SITE_URL + self.appeal.get_absolute_url())


class InternalNote(models.Model):
    """Staff's notes on an appeal; never shown to the visitor."""

    appeal = models.ForeignKey(
        "tickets.Appeal", on_delete=models.CASCADE, related_name="notes", verbose_name=_("appeal")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    body = models.TextField(
        _("note"), max_length=TEXT_MAX, help_text=_("Seen by staff only, never by the visitor.")
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.appeal.reference}: {self.body[:50]}"

    def get_absolute_url(self):
        return reverse("admin:tickets_appeal_change", args=[self.appeal_id])


def _attachment_path(instance: "Attachment", filename: str) -> str:
    # A random name: nothing the visitor typed reaches the file system.
    return f"tickets/{secrets.token_hex(16)}{extension_for(instance.content_type)}"


class Attachment(models.Model):
    """A file the visitor sent, checked by its content; served only through permission checks."""

    appeal = models.ForeignKey(
        "tickets.Appeal",
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("appeal"),
    )
    reply = models.ForeignKey(
        Reply,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("sent with reply"),
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(
        _("type"), max_length=50, help_text=_("Found from the file's content, not its name.")
    )
    size = models.PositiveIntegerField(_("size, bytes"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse(
            "tickets:attachment",
            args=[self.appeal.reference, self.appeal.link_token, self.pk],
        )

    @property
    def download_name(self) -> str:
        """The visitor's file name with the extension of what the file really is."""
        allowed = EXTENSIONS.get(self.content_type, ())
        name = PurePath(self.original_name).name or "file"
        path = PurePath(name)
        if path.suffix.lower() in allowed:
            return name
        stem = path.stem if path.suffix else name
        return f"{stem}{allowed[0] if allowed else ''}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class EventKind(models.TextChoices):
    CREATED = "created", _("Appeal received")
    STATUS = "status", _("Status changed")
    ASSIGNEE = "assignee", _("Assignee changed")
    PRIORITY = "priority", _("Priority changed")
    TOPIC = "topic", _("Topic changed")
    STAFF_REPLY = "staff_reply", _("Support replied")
    VISITOR_REPLY = "visitor_reply", _("Visitor replied")
    NOTE = "note", _("Internal note added")
    LINK_SENT = "link_sent", _("Private link sent again")
    LEGAL_EXTENDED = "legal_extended", _("Legal deadline extended")
    RATED = "rated", _("Visitor rated the answer")
    MERGED = "merged", _("Appeals merged")


class AppealEvent(models.Model):
    """One line of an appeal's history, written by the service functions; never edited."""

    appeal = models.ForeignKey(
        "tickets.Appeal", on_delete=models.CASCADE, related_name="events", verbose_name=_("appeal")
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    by_visitor = models.BooleanField(_("by the visitor"), default=False)
    old_value = models.CharField(_("was"), max_length=200, blank=True)
    new_value = models.CharField(_("now"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        # Resolutions of a period, for the manager's page's resolution times.
        indexes = [
            models.Index(fields=["kind", "new_value", "created_at"], name="tickets_event_kind_time")
        ]

    def __str__(self):
        return f"{self.appeal.reference}: {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("admin:tickets_appeal_change", args=[self.appeal_id])

    @property
    def who(self) -> str:
        if self.by_visitor:
            return str(_("Visitor"))
        if self.actor is not None:
            return self.actor.get_username()
        return str(_("System"))

    def _display(self, value: str) -> str:
        if self.kind == EventKind.STATUS and value in Status.values:
            return str(Status(value).label)
        if self.kind == EventKind.PRIORITY:
            return str(_("yes") if value == "1" else _("no"))
        return value

    @property
    def change(self) -> str:
        if not (self.old_value or self.new_value):
            return ""
        return f"{self._display(self.old_value) or '—'} → {self._display(self.new_value) or '—'}"
