"""What search knows besides the articles: staff's synonym groups and the word vocabulary.

Imported by faq.models so that Django finds them; kept apart because they belong to search
(faq/synonyms.py, faq/vocabulary.py), not to the articles.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from faq.text import fold, words

# A group longer than this is a list of topics, not of words that mean the same.
MAX_GROUP_WORDS = 12


def split_group(text: str) -> list[str]:
    """ "смс, SMS,  сообщение" → ["смс", "sms", "сообщение"]: folded, each kept once, in order.
    An entry of several words ("личный кабинет") stays one entry: it is searched as a phrase."""
    seen = []
    for part in (text or "").split(","):
        entry = " ".join(words(fold(part)))
        if entry and entry not in seen:
            seen.append(entry)
    return seen


class SearchSynonym(TimeStampedModel):
    """Words visitors use for the same thing: searching for one finds articles with any."""

    words = models.CharField(
        _("words"),
        max_length=500,
        help_text=_(
            "Two or more words or short phrases that mean the same, separated by commas, for "
            "example “смс, sms, сообщение”. Letter case and ё do not matter."
        ),
    )

    class Meta:
        ordering = ["words"]
        verbose_name = _("search synonym group")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.words

    def clean(self):
        entries = split_group(self.words)
        if len(entries) < 2:
            raise ValidationError(
                {"words": _("Give at least two words, separated by commas.")}, code="too_few"
            )
        if len(entries) > MAX_GROUP_WORDS:
            raise ValidationError(
                {"words": _("At most %(count)d words in one group.") % {"count": MAX_GROUP_WORDS}},
                code="too_many",
            )
        # Stored as search reads it, so staff see what is searched.
        self.words = ", ".join(entries)


class SearchWord(models.Model):
    """A word of the published articles (folded), for "did you mean" when a search finds
    nothing. `frequency` is the number of published articles using it. Kept up to date on
    article save and delete (faq/vocabulary.py) and rebuilt by `manage.py refresh_search_words`."""

    word = models.CharField(_("word"), max_length=40)
    language = models.CharField(_("language"), max_length=8)
    frequency = models.PositiveIntegerField(_("articles using it"), default=0)

    class Meta:
        ordering = ["language", "word"]
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary")
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="faq_searchword_unique")
        ]

    def __str__(self):
        return f"{self.word} ({self.language})"
