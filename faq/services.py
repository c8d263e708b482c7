"""Writes to the help section: publishing, unpublishing, "Was this helpful?" answers and why
not, restoring an article's earlier revision."""

import enum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.cards import mask_cards
from faq.history import TEXT_FIELDS, ArticleRevision, revision_context
from faq.models import Article, Category, HelpfulVote


@transaction.atomic
def article_publish(*, article: Article) -> bool:
    """Publish a draft (first publication date kept if it had one); False if already public."""
    if article.is_published:
        return False
    article.status = Article.Status.PUBLISHED
    if article.published_at is None:
        # A scheduled article is first published when it goes live.
        article.published_at = article.publish_at or timezone.now()
    article.full_clean()
    article.save()
    return True


@transaction.atomic
def article_unpublish(*, article: Article) -> bool:
    """Back to draft (hidden from the public); False if it already was one."""
    if not article.is_published:
        return False
    article.status = Article.Status.DRAFT
    article.full_clean()
    article.save()
    return True


class VoteOutcome(enum.Enum):
    RECORDED = "recorded"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@transaction.atomic
def vote_record(*, article: Article, visitor: str, helpful: bool) -> VoteOutcome:
    """One answer per visitor and article: a second answer replaces the first, never adds one."""
    vote = HelpfulVote.objects.select_for_update().filter(article=article, visitor=visitor).first()
    if vote is None:
        vote = HelpfulVote(article=article, visitor=visitor, helpful=helpful)
        # The database's unique constraint decides a race between two first answers:
        # get_or_create then finds the other one instead of failing.
        vote.full_clean(validate_unique=False, validate_constraints=False)
        _vote, created = HelpfulVote.objects.get_or_create(
            article=article, visitor=visitor, defaults={"helpful": helpful}
        )
        return VoteOutcome.RECORDED if created else VoteOutcome.UNCHANGED
    if vote.helpful == helpful:
        return VoteOutcome.UNCHANGED
    vote.helpful = helpful
    vote.full_clean()
    vote.save(update_fields=["helpful", "updated_at"])
    return VoteOutcome.CHANGED


class ReasonOutcome(enum.Enum):
    RECORDED = "recorded"
    NO_VOTE = "no_vote"  # no "No" from this visitor to explain


@transaction.atomic
def vote_reason_record(
    *, article: Article, visitor: str | None, reason: str, comment: str
) -> ReasonOutcome:
    """Why this visitor's "No": kept on their answer (a later reason replaces an earlier one)."""
    vote = (
        HelpfulVote.objects.select_for_update()
        .filter(article=article, visitor=visitor, helpful=False)
        .first()
        if visitor
        else None
    )
    if vote is None:
        return ReasonOutcome.NO_VOTE
    vote.reason = reason
    # Visitors paste card numbers anywhere; none is ever stored (core/cards.py).
    vote.comment = mask_cards(comment).text.strip()
    vote.full_clean()
    vote.save(update_fields=["reason", "comment", "updated_at"])
    return ReasonOutcome.RECORDED


class RestoreRefused(Exception):
    pass


@transaction.atomic
def revision_restore(*, revision: ArticleRevision, user) -> ArticleRevision | None:
    """Put an older revision's fields back, as a new revision "restored from #n".

    None when the article already reads like that revision (nothing to save). RestoreRefused
    (with a message) when it cannot be: its category is gone, or another article took its slug.
    """
    article = Article.objects.select_for_update().get(pk=revision.article_id)
    data = revision.data
    if not Category.objects.filter(pk=data["category"]).exists():
        raise RestoreRefused(
            _("The category of revision #%(number)d no longer exists.")
            % {"number": revision.number}
        )
    for name in TEXT_FIELDS:
        setattr(article, name, data.get(name, ""))
    article.category_id = data["category"]
    article.status = data["status"]
    article.slug = data["slug"]
    for name in ("publish_at", "unpublish_at"):
        value = data.get(name)
        setattr(article, name, parse_datetime(value) if value else None)
    try:
        article.full_clean()
    except ValidationError as exc:
        raise RestoreRefused(" ".join(exc.messages)) from exc
    with revision_context(
        user=user,
        message=_("Restored from revision #%(number)d") % {"number": revision.number},
        restored_from=revision.number,
    ):
        article.save()
    return article.saved_revision
