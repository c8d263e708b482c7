from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """When a row was created and last changed, for every app's staff-edited tables. Records
    that are written once (events, replies) name their own single time instead."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class RateCounter(models.Model):
    """One rate limit's count for one address in one window, when no shared cache (Redis) is
    configured or it is down: every worker and host sees the same row (core.ratelimit)."""

    key = models.CharField(_("key"), max_length=200)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"), default=0)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        ordering = ["-window_start", "key"]
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="core_ratecounter_once")
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class CalendarException(TimeStampedModel):
    """A day the production calendar gets wrong or does not know yet: staff say whether it is a
    working day. Wins over the `holidays` package (core.workdays)."""

    date = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        help_text=_("Ticked: a working day (e.g. a working Saturday). Unticked: a day off."),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why, e.g. the government decree that moved the day."),
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("production calendar exception")
        verbose_name_plural = _("production calendar exceptions")

    def __str__(self):
        kind = _("working day") if self.is_working_day else _("day off")
        return f"{self.date:%Y-%m-%d}: {kind}"

    def get_absolute_url(self):
        return reverse("admin:core_calendarexception_change", args=[self.pk])
