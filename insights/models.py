"""What visitors search for, kept without personal data (README, "Search analytics").

No IP address, session, cookie, user agent or visitor id is stored: a row is a folded query (card
numbers, e-mail addresses and digit runs such as phones removed first), its language, where it
was typed, how many articles it found, which one was opened, whether an appeal followed, and the
hour. The browser links its own events to a row with a signed token of the row (insights.tokens)
kept in the tab's sessionStorage, never in the database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_QUERY = 200


class Source(models.TextChoices):
    HEADER = "header", _("site header")
    HELP = "help", _("Help search box")
    APPEAL = "appeal", _("appeal form suggestions")
    OTHER = "other", _("link or typed address")


class SearchRecord(models.Model):
    """One search, or one query typed into the appeal form (as-you-type steps folded in)."""

    query = models.CharField(_("query"), max_length=MAX_QUERY)
    language = models.CharField(_("language"), max_length=8)
    source = models.CharField(_("where"), max_length=10, choices=Source.choices)
    results = models.PositiveIntegerField(_("results"))
    opened_article = models.ForeignKey(
        "faq.Article",
        verbose_name=_("opened article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    led_to_appeal = models.BooleanField(_("appeal filed after it"), default=False)
    # To the hour: enough for reports, too coarse to match a row to a server log line.
    created = models.DateTimeField(_("hour"), db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("search")
        verbose_name_plural = _("searches")

    def __str__(self):
        return self.query


class SearchDay(models.Model):
    """Searches of one day folded together (manage.py aggregate_search_log)."""

    day = models.DateField(_("day"))
    query = models.CharField(_("query"), max_length=MAX_QUERY)
    language = models.CharField(_("language"), max_length=8)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    with_results = models.PositiveIntegerField(_("with results"), default=0)
    opened = models.PositiveIntegerField(_("a result opened"), default=0)
    appeals = models.PositiveIntegerField(_("appeal filed after it"), default=0)

    class Meta:
        ordering = ["-day", "query"]
        verbose_name = _("searches of a day")
        verbose_name_plural = _("searches by day")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "query", "language"], name="insights_searchday_unique"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.query}"


class ReadBeforeAppeal(models.Model):
    """How many appeals of a day were filed after reading an article in the same visit: counts
    only, never linked to the appeal."""

    day = models.DateField(_("day"))
    article = models.ForeignKey(
        "faq.Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    appeals = models.PositiveIntegerField(_("appeals"), default=0)

    class Meta:
        ordering = ["-day", "-appeals"]
        verbose_name = _("article read before an appeal")
        verbose_name_plural = _("articles read before an appeal")
        constraints = [
            models.UniqueConstraint(fields=["day", "article"], name="insights_readbefore_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.article_id}: {self.appeals}"
