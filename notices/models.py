"""Outage and service notices: what staff tell visitors before they call or write."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

TITLE_MAX = 150
TEXT_MAX = 2000


class Severity(models.TextChoices):
    INFORMATION = "information", _("Information")
    DEGRADED = "degraded", _("Degraded service")
    OUTAGE = "outage", _("Outage")


class NoticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def active(self, now: datetime | None = None):
        """Shown right now: published, started, not ended."""
        now = now or timezone.now()
        return (
            self.published().filter(starts_at__lte=now).filter(Q(ends_at=None) | Q(ends_at__gt=now))
        )

    def not_ended(self, now: datetime | None = None):
        """Active or still to start: what public pages may show before the content changes."""
        now = now or timezone.now()
        return self.published().filter(Q(ends_at=None) | Q(ends_at__gt=now))

    def recent(self, *, days: int, now: datetime | None = None):
        """Ended within the last `days` days (the /status/ page's history)."""
        now = now or timezone.now()
        return self.published().filter(
            ends_at__lte=now, ends_at__gt=now - timedelta(days=days), starts_at__lte=now
        )

    def concerning_topic(self, topic_id: int):
        """Notices about this appeal topic: those naming it and those naming no topic at all."""
        return self.filter(Q(topics=topic_id) | Q(topics=None)).distinct()


class Notice(TimeStampedModel):
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    text = models.TextField(
        _("text"),
        max_length=TEXT_MAX,
        help_text=_("Plain text: what is wrong, who is affected, what to do meanwhile."),
    )
    severity = models.CharField(
        _("severity"), max_length=20, choices=Severity.choices, default=Severity.OUTAGE
    )
    topics = models.ManyToManyField(
        "tickets.Topic",
        verbose_name=_("appeal topics"),
        blank=True,
        related_name="+",
        help_text=_(
            "Shown on the appeal form for these topics and on their Help articles. "
            "None: concerns every topic."
        ),
    )
    audiences = models.ManyToManyField(
        "contacts.Audience",
        verbose_name=_("audiences"),
        blank=True,
        related_name="+",
        help_text=_("Shown in these audiences' sections of the contacts page. None: everyone."),
    )
    starts_at = models.DateTimeField(
        _("shown from"), default=timezone.now, help_text=_("Moscow time.")
    )
    ends_at = models.DateTimeField(
        _("shown until"),
        null=True,
        blank=True,
        help_text=_("Optional: the notice disappears by itself at this time (Moscow time)."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_("Untick to prepare a notice without showing it."),
    )
    # Appeals filed while this notice concerned their topic (notices.receivers).
    appeals = models.ManyToManyField(
        "tickets.Appeal",
        verbose_name=_("tagged appeals"),
        blank=True,
        related_name="notices",
        editable=False,
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("service notice")
        verbose_name_plural = _("service notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at=None) | Q(ends_at__gt=models.F("starts_at")),
                name="notices_notice_ends_after_start",
                violation_error_message=_("The end must be after the start."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('notices:status')}#notice-{self.pk}"

    def clean(self):
        check_moments(self, "starts_at", "ends_at")
        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.is_published
            and self.starts_at <= now
            and (self.ends_at is None or self.ends_at > now)
        )


# Staff type these moments. A typo such as year 1 (a date BC once Moscow time becomes UTC) was
# stored by PostgreSQL and then broke every page that reads notices; year 9999 broke the admin
# list's date links. No notice belongs outside this century.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def check_moments(instance: models.Model, *names: str) -> None:
    errors = {
        name: _("Choose a time between the years 2000 and 2099.")
        for name in names
        if getattr(instance, name) is not None and not EARLIEST <= getattr(instance, name) < LATEST
    }
    if errors:
        raise ValidationError(errors)


class NoticeUpdate(models.Model):
    """A later word on a notice: "fixed at 14:20", "payments to Beeline still delayed"."""

    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="updates", verbose_name=_("notice")
    )
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    posted_at = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self):
        return f"{self.notice}: {timezone.localtime(self.posted_at):%d.%m.%Y %H:%M}"

    def clean(self):
        check_moments(self, "posted_at")
