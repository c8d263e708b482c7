from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 1000
SCORES = range(1, 6)


class SatisfactionRating(models.Model):
    """The visitor's answer to "did we solve it?": one per appeal, changeable for a while."""

    appeal = models.OneToOneField(
        "tickets.Appeal",
        on_delete=models.CASCADE,
        related_name="rating",
        verbose_name=_("appeal"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 — not solved at all, 5 — fully solved."),
    )
    # Visitor text: cleaned by the form, card numbers masked by the service (core.cards).
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="tickets_rating_score_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.appeal.reference}: {self.score}"

    def get_absolute_url(self):
        return reverse("admin:tickets_appeal_change", args=[self.appeal_id])

    @property
    def changeable_until(self) -> datetime:
        return self.created_at + timedelta(days=settings.TICKETS_RATING_CHANGE_DAYS)

    def is_changeable(self, now: datetime | None = None) -> bool:
        return (now or timezone.now()) < self.changeable_until
