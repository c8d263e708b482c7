"""Visitors' answers to "Was this helpful?", and why not."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class HelpfulVoteQuerySet(models.QuerySet):
    def comments_due(self, now):
        """Answers whose comment is older than FAQ_VOTE_COMMENT_RETENTION_DAYS (cleared by
        `purge_personal_data`: free text may name a person; the reason stays)."""
        cutoff = now - timedelta(days=settings.FAQ_VOTE_COMMENT_RETENTION_DAYS)
        return self.filter(updated_at__lte=cutoff).exclude(comment="").order_by("pk")


# A visitor's comment on a "no" is capped: enough for a sentence or two about what was missing.
VOTE_COMMENT_MAX_LENGTH = 1000


class HelpfulVote(TimeStampedModel):
    """A visitor's answer to "Was this helpful?": one per visitor and article.

    After a "no" the visitor may say why (a reason and a comment), for the editors."""

    class Reason(models.TextChoices):
        NOT_ANSWERED = "not_answered", _("It did not answer my question")
        HARD_TO_FOLLOW = "hard_to_follow", _("It is hard to follow")
        OUT_OF_DATE = "out_of_date", _("It is out of date")
        OTHER = "other", _("Something else")

    article = models.ForeignKey(
        "faq.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="votes"
    )
    visitor = models.CharField(
        _("visitor"),
        max_length=64,
        help_text=_("A random identifier kept in the visitor's session, not a person's name."),
    )
    helpful = models.BooleanField(_("helpful"))
    reason = models.CharField(
        _("why not helpful"), max_length=20, choices=Reason.choices, blank=True
    )
    comment = models.TextField(
        _("visitor's comment"),
        max_length=VOTE_COMMENT_MAX_LENGTH,
        blank=True,
        help_text=_("What the visitor wrote after “No”; card numbers are masked."),
    )

    objects = HelpfulVoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("“Was this helpful?” answer")
        verbose_name_plural = _("“Was this helpful?” answers")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "visitor"], name="faq_vote_one_per_visitor_and_article"
            ),
        ]

    def __str__(self):
        answer = _("yes") if self.helpful else _("no")
        return f"{self.article}: {answer}"
