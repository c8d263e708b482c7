from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import PhoneNumberField
from core.phones import format_phone
from tickets import references
from tickets.identifiers import PHONE_FIELD_OPTIONS

# Field limits, shared by the model, the forms (maxlength) and the database constraints.
NAME_MAX = 100
SUBJECT_MAX = 150
TEXT_MAX = 5000
WALLET_MAX = 32


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# The same statuses as the visitor reads them on the appeal's page.
VISITOR_STATUS_LABELS = {
    Status.NEW: _("New"),
    Status.IN_PROGRESS: _("In progress"),
    Status.WAITING: _("Waiting for your reply"),
    Status.RESOLVED: _("Resolved"),
    Status.CLOSED: _("Closed"),
}

# Support owes an answer: the due time applies.
AWAITING_SUPPORT = (Status.NEW, Status.IN_PROGRESS)
# Support has not finished with these: the backlog on the manager's page.
BACKLOG = (Status.NEW, Status.IN_PROGRESS, Status.WAITING)
# A visitor's reply to one of these brings the appeal back to support.
REOPENED_BY_REPLY = (Status.WAITING, Status.RESOLVED)


def answer_time(*, priority: bool) -> timedelta:
    """How long support has to answer an appeal of this tier: the one place the tiers are read."""
    hours = settings.TICKETS_PRIORITY_DUE_HOURS if priority else settings.TICKETS_DUE_HOURS
    return timedelta(hours=hours)


def due_time(start: datetime, *, priority: bool) -> datetime:
    return start + answer_time(priority=priority)


# "Most urgent first", the queue's one order: the changelist, "take the next appeal", the
# model's default and the index "take the next appeal" reads (tickets_appeal_takeable) all
# follow it. One field per line, so that another clock is one more line (and a migration).
URGENCY = (
    "-is_priority",
    "legal_due_at",
    "due_at",
    "id",
)


class AppealQuerySet(models.QuerySet):
    def by_urgency(self):
        return self.order_by(*URGENCY)

    def takeable(self):
        """What "take the next appeal" may hand out: nobody's, and support owes the answer."""
        return self.awaiting_support().filter(assignee=None)

    def awaiting_support(self):
        return self.filter(status__in=AWAITING_SUPPORT)

    def overdue(self, now: datetime | None = None):
        return self.awaiting_support().filter(due_at__lt=now or timezone.now())

    def not_overdue(self, now: datetime | None = None):
        return self.exclude(pk__in=self.overdue(now).values("pk"))

    def open(self):
        """Not yet resolved or closed: the legal clock still runs."""
        return self.exclude(status__in=(Status.RESOLVED, Status.CLOSED))

    def legal_overdue(self, now: datetime | None = None):
        return self.open().filter(legal_due_at__lt=now or timezone.now())

    def legal_due_within(self, until: datetime, now: datetime | None = None):
        """Open appeals whose legal deadline falls between now and `until`."""
        return self.open().filter(legal_due_at__gte=now or timezone.now(), legal_due_at__lte=until)


class Appeal(models.Model):
    """A visitor's written appeal to support, followed through a private link."""

    reference = models.CharField(_("reference"), max_length=10, unique=True, editable=False)
    # Half of the private link's secret (see tickets.references); never shown.
    link_secret = models.CharField(max_length=64, editable=False)
    # sha256 of the form's one-time token (references.form_token_digest): a second "send" of
    # the same form finds this appeal; the stored value itself opens nothing.
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    topic = models.ForeignKey(
        "tickets.Topic", on_delete=models.PROTECT, related_name="appeals", verbose_name=_("topic")
    )
    name = models.CharField(_("visitor's name"), max_length=NAME_MAX)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), help_text=_("E.164"), **PHONE_FIELD_OPTIONS)
    wallet = models.CharField(_("wallet number"), max_length=WALLET_MAX, blank=True)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    description = models.TextField(_("description"), max_length=TEXT_MAX)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ru",
        help_text=_("The visitor's language: e-mails are written in it."),
    )
    consent_at = models.DateTimeField(
        _("consent to data processing given"),
        help_text=_("When the visitor ticked the consent box."),
    )
    # Which consent text the visitor accepted (privacy.PrivacyDocument's version number; a plain
    # number so that tickets does not depend on the privacy app). Empty for older appeals.
    consent_version = models.PositiveIntegerField(
        _("consent version"), null=True, blank=True, editable=False
    )
    card_masked = models.BooleanField(
        _("card number hidden"),
        default=False,
        editable=False,
        help_text=_("The visitor wrote a card number; it was masked before saving (core.cards)."),
    )
    anonymised_at = models.DateTimeField(
        _("personal data erased"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the retention rule or a data-subject request erased it."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    is_priority = models.BooleanField(
        _("Priority"),
        default=False,
        help_text=_("Set automatically when the phone or wallet is on the Priority list."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_appeals",
        limit_choices_to={"is_staff": True, "is_active": True},
        verbose_name=_("assignee"),
    )
    # A visitor who answers a closed appeal by e-mail opens a new one linked to it.
    follow_up_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        editable=False,
        verbose_name=_("follow-up of"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    due_at = models.DateTimeField(
        _("answer due"),
        help_text=_("Received (or reopened) time plus the answer time of its tier."),
    )
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    # The legal clock (tickets.deadlines): the end of the N-th working day after the day of
    # receipt, Moscow time. Empty only between the migration that added it and its data fill.
    legal_due_at = models.DateTimeField(
        _("legal deadline"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("End of the last working day the law gives for the answer (Moscow time)."),
    )
    legal_extended_at = models.DateTimeField(
        _("legal deadline extended"), null=True, blank=True, editable=False
    )
    legal_extension_reason = models.TextField(
        _("reason for the extension"), max_length=1000, blank=True, editable=False
    )
    # When the status last changed, or support last wrote to a visitor it waits for: the
    # lifecycle (tickets.lifecycle) counts its days from it.
    status_changed_at = models.DateTimeField(
        _("status changed"), default=timezone.now, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_appeals",
        verbose_name=_("merged into"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = list(URGENCY)
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="tickets_appeal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(due_at__gte=models.F("created_at")),
                name="tickets_appeal_due_after_received",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), TEXT_MAX),
                name="tickets_appeal_description_length",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="tickets_appeal_queue"),
            # The manager's page at 100,000 appeals (README, "Support desk: the agents' queue"):
            # the backlog counted from a small index alone, first answers of a period found by
            # range, and receipt times read without the table (its rows are long texts).
            models.Index(
                fields=["status", "topic"],
                condition=Q(status__in=BACKLOG),
                name="tickets_appeal_backlog",
            ),
            models.Index(
                fields=["first_response_at", "created_at"], name="tickets_appeal_answered"
            ),
            models.Index(fields=["id", "created_at"], name="tickets_appeal_received"),
            # "Take the next appeal": the first row of this index is the answer (no sort of
            # every waiting appeal: 90 ms at 12,000 of them without it).
            models.Index(
                fields=list(URGENCY),
                condition=Q(status__in=AWAITING_SUPPORT, assignee__isnull=True),
                name="tickets_appeal_takeable",
            ),
            models.Index(fields=["status", "status_changed_at"], name="tickets_appeal_lifecycle"),
        ]
        permissions = [
            ("view_desk_stats", _("Can see the support desk's figures")),
            ("export_personal_data", _("Can export appeals with the visitors' personal data")),
        ]

    def __str__(self):
        return f"{self.reference} — {self.subject}"

    def get_absolute_url(self):
        return reverse("tickets:detail", args=[self.reference, self.link_token])

    @property
    def link_token(self) -> str:
        return references.link_token(self.reference, self.link_secret)

    def check_link_token(self, token: str) -> bool:
        return references.check_link_token(self.reference, self.link_secret, token)

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone) if self.phone else ""

    @property
    def status_for_visitor(self) -> str:
        return VISITOR_STATUS_LABELS[Status(self.status)]

    @property
    def is_awaiting_support(self) -> bool:
        return self.status in AWAITING_SUPPORT

    def is_overdue(self, now: datetime | None = None) -> bool:
        return self.is_awaiting_support and self.due_at < (now or timezone.now())

    @property
    def accepts_replies(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.RESOLVED, Status.CLOSED)

    def is_legal_overdue(self, now: datetime | None = None) -> bool:
        return bool(
            self.is_open and self.legal_due_at and self.legal_due_at < (now or timezone.now())
        )

    @property
    def legal_extended(self) -> bool:
        return self.legal_extended_at is not None
